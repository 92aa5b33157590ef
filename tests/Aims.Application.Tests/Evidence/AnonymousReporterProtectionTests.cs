using System.Net;
using System.Text;
using System.Text.Json;
using Aims.Application.Demo;
using Aims.Application.Reports;
using Aims.Application.Tests.Reviews;
using Aims.Core.Evidence;
using Aims.Core.Reports;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Evidence;

/// <summary>
/// An anonymous reporter is kept only encrypted (or not at all, when the organisation says so): the stored row, evidence, the
/// API and the pack never hold their object id or name; the configured role alone reveals them, and each reveal is evidence;
/// reports stored before this are migrated once.
/// </summary>
public sealed class AnonymousReporterProtectionTests(DedicatedAzurite azurite) : IClassFixture<DedicatedAzurite>
{
    private const string Nestor = "00000000-0000-0000-0000-0000000000029";
    private const string NestorName = "Nestor Wilke";
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private ReviewHost Host(IDictionary<string, string?>? settings = null)
    {
        var host = new ReviewHost(azurite.ConnectionString, Start, settings);
        host.Get<DemoSeeder>().SeedAsync(CancellationToken.None).GetAwaiter().GetResult();
        return host;
    }

    private static async Task<(string Card, NonconformityReport Report)> ReportAsync(ReviewHost host, string title)
    {
        var activity = BotTurns.Press(Nestor, ReportFormCard.VerbSubmit, new Dictionary<string, string?>
        {
            ["title"] = title, ["description"] = "The model declined every applicant over 60.", ["kind"] = "Incident", ["anonymous"] = "true",
        });
        activity.From!.Name = NestorName;
        var router = host.Services.GetServices<Aims.Teams.Conversations.IActivityHandler>().Single();
        var response = await router.HandleAsync(new Aims.Teams.Conversations.TurnContext(activity, new Uri(activity.ServiceUrl!), host.Connector, CancellationToken.None));
        var card = JsonSerializer.Serialize(response!.Body, Aims.Teams.Cards.CardJson.Options);
        await foreach (var r in host.Get<IReportStore>().ListAllAsync())
        {
            if (r.Title == title) return (card, r);
        }

        throw new InvalidOperationException("The report was not stored: " + card);
    }

    /// <summary>Every property of the stored table row as text (the JSON chunks decoded).</summary>
    private static async Task<string> RawRowAsync(ReviewHost host, string reportId)
    {
        var table = host.Get<Aims.Infrastructure.Storage.StorageClients>().Tables.GetTableClient(Aims.Infrastructure.Reviews.TableReportStore.TableName);
        var entity = (await table.GetEntityAsync<TableEntity>("report", reportId.ToUpperInvariant())).Value;
        return string.Join('\n', entity.Select(p => p.Key + "=" + (p.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : p.Value?.ToString())));
    }

    private static void AssertNamesNobody(string text, string where)
    {
        Assert.False(text.Contains(Nestor, StringComparison.OrdinalIgnoreCase), $"{where} holds the reporter's object id: {text}");
        Assert.False(text.Contains(NestorName, StringComparison.OrdinalIgnoreCase), $"{where} holds the reporter's name: {text}");
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> RevealAsync(ReviewHost host, string id, string user, string? reason = "A follow-up question about the applicants.") =>
        host.SendAsync(HttpMethod.Post, $"/api/reports/{id}/reporter/reveal", user, new { reason });

    private static async Task<List<EvidenceItem>> RevealsAsync(IEvidenceStore evidence, string id) =>
        [.. (await evidence.ListAsync(new EvidenceQuery { Subject = ReportService.Subject(id), PageSize = EvidenceQuery.MaxPageSize })).Items.Where(i => i.Kind == EvidenceKind.NonconformityReporterRevealed)];

    [Fact]
    public async Task The_stored_row_evidence_and_listing_hold_no_identity_and_only_the_named_role_reveals_it_as_evidence()
    {
        using var host = Host();
        var (card, report) = await ReportAsync(host, "Age bias, encrypted reporter");

        Assert.Contains("you (anonymous to others)", card, StringComparison.Ordinal); // the reporter still sees it as theirs
        Assert.NotNull(report.SealedReporter);
        AssertNamesNobody(await RawRowAsync(host, report.Id), "the stored row");
        var evidence = host.Get<IEvidenceStore>();
        foreach (var item in (await evidence.ListAsync(new EvidenceQuery { Subject = ReportService.Subject(report.Id) })).Items)
        {
            await using var payload = (await evidence.OpenPayloadAsync(item.Id))!;
            AssertNamesNobody(JsonSerializer.Serialize(item) + await new StreamReader(payload).ReadToEndAsync(), "evidence " + item.Id);
        }

        var (listed, list) = await host.SendAsync(HttpMethod.Get, "/api/reports", ReviewHost.Alex);
        Assert.Equal(HttpStatusCode.OK, listed);
        AssertNamesNobody(list.GetRawText(), "GET /api/reports");
        Assert.DoesNotContain(report.SealedReporter!, list.GetRawText(), StringComparison.Ordinal);

        foreach (var other in new[] { ReviewHost.Adele, ReviewHost.Isaiah, ReviewHost.Megan, Nestor })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await RevealAsync(host, report.Id, other)).Status);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await RevealAsync(host, report.Id, ReviewHost.Alex, reason: " ")).Status);
        Assert.Empty(await RevealsAsync(evidence, report.Id));

        var (status, revealed) = await RevealAsync(host, report.Id, ReviewHost.Alex);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Nestor, revealed.GetProperty("reporterObjectId").GetString());
        Assert.Equal(NestorName, revealed.GetProperty("reporterName").GetString());
        var reveal = Assert.Single(await RevealsAsync(evidence, report.Id));
        Assert.Equal(revealed.GetProperty("evidenceId").GetString(), reveal.Id);
        Assert.Equal(ReviewHost.Alex, reveal.Actor.ObjectId);
        Assert.Contains("A follow-up question", reveal.Summary, StringComparison.Ordinal);
        await using var revealPayload = (await evidence.OpenPayloadAsync(reveal.Id))!;
        AssertNamesNobody(reveal.Summary + await new StreamReader(revealPayload).ReadToEndAsync(), "the reveal's evidence");
    }

    [Fact]
    public async Task The_migration_encrypts_an_old_plain_row_once()
    {
        using var host = Host();
        var store = host.Get<IReportStore>();
        var id = await store.NextIdAsync();
        // A row as the app stored anonymous reports before: the reporter in plain text.
        await store.CreateAsync(new NonconformityReport { Id = id, Title = "Old anonymous report", Anonymous = true, ReporterObjectId = Nestor, ReporterName = NestorName, CreatedAt = Start, UpdatedAt = Start });
        Assert.Contains(Nestor, await RawRowAsync(host, id), StringComparison.Ordinal);
        var job = host.Get<AnonymousReporterMigrationJob>();

        Assert.True(await job.MigrateAsync(CancellationToken.None) >= 1);

        AssertNamesNobody(await RawRowAsync(host, id), "the migrated row");
        var before = await RawRowAsync(host, id);
        Assert.Equal(0, await job.MigrateAsync(CancellationToken.None));
        Assert.Equal(before, await RawRowAsync(host, id)); // idempotent: a protected row is never rewritten
        var (status, revealed) = await RevealAsync(host, id, ReviewHost.Alex);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Nestor, revealed.GetProperty("reporterObjectId").GetString());
        Assert.Equal(NestorName, revealed.GetProperty("reporterName").GetString());
    }

    [Fact]
    public async Task An_organisation_that_keeps_no_identity_keeps_nothing_and_the_cards_say_so()
    {
        using var host = Host(new Dictionary<string, string?> { ["Reports:AnonymousReporters:Keep"] = "None" });
        var form = JsonSerializer.Serialize(ReportFormCard.Create([], host.Get<AnonymousReporters>()), Aims.Teams.Cards.CardJson.Options);
        Assert.Contains("keeps nothing that identifies you", form, StringComparison.Ordinal);
        Assert.Contains("you cannot follow it up", form, StringComparison.Ordinal);

        var (card, report) = await ReportAsync(host, "Age bias, nothing kept");

        Assert.Contains("Nothing that identifies you is kept with this report", card, StringComparison.Ordinal);
        Assert.Null(report.SealedReporter);
        Assert.Null(report.ReporterLookup);
        AssertNamesNobody(await RawRowAsync(host, report.Id), "the stored row");
        var (status, problem) = await RevealAsync(host, report.Id, ReviewHost.Alex);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("keeps no identity", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
