using System.IO.Compression;
using System.Net;
using System.Text;
using Aims.Application.Demo;
using Aims.Application.Http;
using Aims.Application.Reports;
using Aims.Application.Tests.Reviews;
using Aims.Core.Evidence;
using Aims.Core.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Evidence;

/// <summary>
/// The report card promises that an anonymous reporter's name is in no evidence, audit pack, list or card anyone else sees. Read as an attacker with every role would read it, through every
/// GET route, every evidence item and payload, and the audit pack, an anonymous report never reveals its reporter.
/// </summary>
public sealed class AnonymousReportTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    // Staff, and named in no seeded record, so any appearance of this person in a response comes from the report.
    private const string Nestor = "00000000-0000-0000-0000-0000000000029";
    private const string NestorName = "Nestor Wilke";
    private static readonly string[] Readers = [ReviewHost.Alex, ReviewHost.Adele, ReviewHost.Isaiah, ReviewHost.Megan, ReviewHost.Patti];
    private readonly ReviewHost _host;

    public AnonymousReportTests(DedicatedAzurite azurite)
    {
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        _host.Get<DemoSeeder>().SeedAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose() => _host.Dispose();

    /// <summary>Presses Send on the report form as Teams sends it: with the person's object id and display name.</summary>
    private async Task<string> ReportAsync(string title, string anonymous, string? aiSystemId = "demo-credit-scoring", string description = "The model declined every applicant over 60.", string reporter = Nestor, string reporterName = NestorName)
    {
        var activity = BotTurns.Press(reporter, ReportFormCard.VerbSubmit, new Dictionary<string, string?>
        {
            ["title"] = title, ["description"] = description, ["kind"] = "Incident", ["aiSystemId"] = aiSystemId, ["anonymous"] = anonymous,
        });
        activity.From!.Name = reporterName;
        var router = _host.Services.GetServices<Aims.Teams.Conversations.IActivityHandler>().Single();
        var response = await router.HandleAsync(new Aims.Teams.Conversations.TurnContext(activity, new Uri(activity.ServiceUrl!), _host.Connector, CancellationToken.None));
        return System.Text.Json.JsonSerializer.Serialize(response!.Body, Aims.Teams.Cards.CardJson.Options);
    }

    [Fact]
    public async Task No_route_evidence_item_or_audit_pack_names_an_anonymous_reporter_to_any_role()
    {
        var answer = await ReportAsync("Age bias in credit decisions", "true");
        Assert.Contains("is recorded", answer, StringComparison.Ordinal);
        var report = await SingleReportAsync("Age bias in credit decisions");
        Assert.Equal(NonconformityReport.AnonymousMarker, report.ReporterObjectId); // the row keeps the reporter only encrypted
        Assert.NotNull(report.SealedReporter);

        var evidence = _host.Get<IEvidenceStore>();
        var items = (await evidence.ListAsync(new EvidenceQuery { Subject = ReportService.Subject(report.Id), PageSize = EvidenceQuery.MaxPageSize })).Items;
        var item = Assert.Single(items);
        Assert.Equal(ReportService.AnonymousReporter, item.Actor);

        var paths = ApiEndpoints.All.Where(r => r.Method == "GET" && !r.Route.Contains('{', StringComparison.Ordinal)).Select(r => "/api/" + r.Route)
            .Concat([$"/api/evidence/{item.Id}", $"/api/evidence/{item.Id}/payload", $"/api/evidence?subject={ReportService.Subject(report.Id)}"])
            .ToList();
        foreach (var reader in Readers)
        {
            foreach (var path in paths)
            {
                var text = await ReadAsync(path, reader);
                Assert.False(text.Contains(Nestor, StringComparison.OrdinalIgnoreCase), $"{path} read by {reader} names the reporter's object id: {Around(text, Nestor)}");
                Assert.False(text.Contains(NestorName, StringComparison.Ordinal), $"{path} read by {reader} names the reporter: {Around(text, NestorName)}");
            }
        }

        // Every card the managers got about it.
        Assert.All(_host.Connector.CardsTo(ReviewHost.Alex), card => Assert.DoesNotContain(NestorName, card, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_named_report_keeps_its_reporter_in_evidence()
    {
        const string leeGu = "00000000-0000-0000-0000-0000000000028"; // not the anonymous reporter of the test above
        await ReportAsync("Chatbot gave a wrong refund rule", "false", aiSystemId: null, reporter: leeGu, reporterName: "Lee Gu");
        var report = await SingleReportAsync("Chatbot gave a wrong refund rule");

        var item = Assert.Single((await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ReportService.Subject(report.Id) })).Items);

        Assert.Equal(leeGu, item.Actor.ObjectId);
        Assert.Contains("Lee Gu", item.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-system", "AI system: there is no AI system 'no-such-system' in the register.")]
    [InlineData(null, "AI system: not an AI system of the register.")]
    public async Task An_unknown_or_oversized_ai_system_is_refused_by_its_label_and_nothing_is_stored(string? system, string expected)
    {
        var before = await CountAsync();
        var title = "Report about " + (system ?? "a very long id");

        var answer = await ReportAsync(title, "true", system ?? new string('s', 200_000));

        Assert.Contains(expected, answer, StringComparison.Ordinal);
        // The message names the field by its label, never its id (the form kept under it still has its inputs' ids).
        var message = System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("value").GetProperty("body")[0].GetProperty("items")[1].GetProperty("inlines")[0].GetProperty("text").GetString()!;
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("aiSystemId", message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
        Assert.True(Encoding.UTF8.GetByteCount(answer) <= Aims.Teams.Cards.CardBudget.MaxBytes);
    }

    [Fact]
    public async Task Title_and_description_are_checked_by_their_labels()
    {
        var before = await CountAsync();

        var answer = await ReportAsync(new string('t', 201), "false", description: new string('d', 4001));

        Assert.Contains("Title: at most 200 characters.", answer, StringComparison.Ordinal);
        Assert.Contains("What happened?: at most 4000 characters.", answer, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    private static string Around(string text, string what)
    {
        var at = text.IndexOf(what, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? string.Empty : text[Math.Max(0, at - 300)..Math.Min(text.Length, at + 100)];
    }

    private async Task<int> CountAsync()
    {
        var n = 0;
        await foreach (var _ in _host.Get<IReportStore>().ListAllAsync())
        {
            n++;
        }

        return n;
    }

    private async Task<NonconformityReport> SingleReportAsync(string title)
    {
        var found = new List<NonconformityReport>();
        await foreach (var r in _host.Get<IReportStore>().ListAllAsync())
        {
            if (r.Title == title) found.Add(r);
        }

        return Assert.Single(found);
    }

    /// <summary>The body as text; a zip (the audit pack) is read entry by entry.</summary>
    private async Task<string> ReadAsync(string path, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Aims-User", user);
        using var response = await _host.Client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "application/zip")
        {
            using var zip = new ZipArchive(new MemoryStream(bytes));
            var all = new StringBuilder();
            foreach (var entry in zip.Entries)
            {
                // The reporter is also a trainee: the training records name every trainee by design, with no link to the report.
                if (entry.FullName.StartsWith("registers/training/", StringComparison.Ordinal))
                {
                    continue;
                }

                using var reader = new StreamReader(entry.Open());
                all.Append(entry.FullName).Append('\n').Append(await reader.ReadToEndAsync()).Append('\n');
            }

            return all.ToString();
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
