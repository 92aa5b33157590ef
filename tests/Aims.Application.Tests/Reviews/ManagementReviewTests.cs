using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aims.Application.Reports;
using Aims.Application.Reviews;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Reports;
using Aims.Core.Reviews;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Reviews;

/// <summary>Management review and reports through the real DevHost on Azurite.</summary>
public sealed class ManagementReviewTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";   // AIMS manager
    private const string Adele = "00000000-0000-0000-0000-0000000000022";  // top management
    private const string Isaiah = "00000000-0000-0000-0000-0000000000023"; // auditor
    private const string Lynne = "00000000-0000-0000-0000-0000000000025";  // staff
    private static readonly Actor AlexActor = new(Alex, "Alex Wilber");
    private static readonly Actor AdeleActor = new(Adele, "Adele Vance");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private readonly DevHostFactory _host;
    private readonly HttpClient _client;

    public ManagementReviewTests(AzuriteFixture azurite)
    {
        _host = new DevHostFactory(azurite.ConnectionString, services: s => s.AddSingleton<TimeProvider>(_clock));
        _client = _host.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    private ManagementReviewService Service => _host.Services.GetRequiredService<ManagementReviewService>();

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string user, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Aims-User", user);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Only_aims_managers_send_the_digest_and_it_is_archived_as_card_and_html()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/api/management-reviews", Isaiah)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/api/management-reviews", Adele)).Status);

        var store = _host.Services.GetRequiredService<IEvidenceStore>();
        var headBefore = await store.GetRootHashAsync();
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/management-reviews", Alex);

        Assert.Equal(HttpStatusCode.Created, status);
        var id = body.GetProperty("digest").GetProperty("id").GetString()!;
        var (_, list) = await SendAsync(HttpMethod.Get, $"/api/evidence?subject={ManagementReviewService.Subject(id)}&kind=management-review-digest", Isaiah);
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Contains("9.3.2", i.GetProperty("clauses").EnumerateArray().Select(c => c.GetString())));
        var types = items.Select(i => i.GetProperty("contentType").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["application/vnd.microsoft.card.adaptive+json", "text/html; charset=utf-8"], types);

        var html = items.Single(i => i.GetProperty("contentType").GetString()!.StartsWith("text/html", StringComparison.Ordinal)).GetProperty("id").GetString()!;
        using var reader = new StreamReader((await store.OpenPayloadAsync(html))!);
        var page = await reader.ReadToEndAsync();
        Assert.Contains("<h1>Management review digest</h1>", page, StringComparison.Ordinal);
        Assert.Contains(id, page, StringComparison.Ordinal);
        var card = items.Single(i => i.GetProperty("contentType").GetString()!.Contains("card", StringComparison.Ordinal)).GetProperty("id").GetString()!;
        using var cardReader = new StreamReader((await store.OpenPayloadAsync(card))!);
        var cardJson = await cardReader.ReadToEndAsync();
        Assert.Equal("AdaptiveCard", JsonDocument.Parse(cardJson).RootElement.GetProperty("type").GetString());

        // The ledger head as it was when the digest was built is anchored on the card and in the archive; it is a real entry.
        var anchored = System.Text.RegularExpressions.Regex.Match(cardJson, "ledger at this digest: (\\d+) entries, root hash ([0-9a-f]{64})");
        Assert.True(anchored.Success, cardJson);
        var sequence = long.Parse(anchored.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(sequence >= headBefore.Sequence, $"anchored {sequence}, ledger had {headBefore.Sequence} before");
        var ledger = await store.ReadLedgerAsync().ToListAsync();
        // An empty ledger is anchored as entry 0 with the genesis hash; the audit pack test covers a full one.
        var expected = sequence == 0 ? Aims.Core.Evidence.LedgerChain.GenesisHash : ledger.Single(e => e.Sequence == sequence).EntryHash;
        Assert.Equal(expected, anchored.Groups[2].Value);
        Assert.Contains(anchored.Groups[2].Value, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_top_management_responds_and_decisions_and_actions_appear_in_the_next_digest()
    {
        // Later than any digest the other tests of this class send, so the previous digest is this test's own.
        _clock.Advance(TimeSpan.FromDays(100));
        var first = await Service.SendAsync(AlexActor, CancellationToken.None);
        var before = first.Digest.PreviousActions;

        // Alex is an AIMS manager, not top management: refused, nothing recorded.
        var refused = (await Service.RespondAsync(first.Digest.Id, AlexActor, LeadershipItemKind.Decision, "Alex decides", null, null, "press-0", CancellationToken.None)).ToJson();
        Assert.Contains("Not allowed", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("Alex decides", refused, StringComparison.Ordinal);

        var due = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).AddDays(14);
        await Service.RespondAsync(first.Digest.Id, AdeleActor, LeadershipItemKind.Acknowledgement, null, null, null, "press-1", CancellationToken.None);
        await Service.RespondAsync(first.Digest.Id, AdeleActor, LeadershipItemKind.Decision, "Pause the CV screening pilot", null, null, "press-2", CancellationToken.None);
        await Service.RespondAsync(first.Digest.Id, AdeleActor, LeadershipItemKind.Action, "Commission a bias audit", Alex, due, "press-3", CancellationToken.None);
        // Teams retries a press with the same activity id: recorded once.
        var card = (await Service.RespondAsync(first.Digest.Id, AdeleActor, LeadershipItemKind.Action, "Commission a bias audit", Alex, due, "press-3", CancellationToken.None)).ToJson();
        Assert.Contains("Pause the CV screening pilot", card, StringComparison.Ordinal);
        Assert.Contains("acknowledged by Adele Vance", card, StringComparison.Ordinal);
        Assert.Contains("action for Alex Wilber", card, StringComparison.Ordinal);

        var evidence = await _host.Services.GetRequiredService<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ManagementReviewService.Subject(first.Digest.Id), Kind = EvidenceKind.ReviewOutcome });
        Assert.Equal(3, evidence.Items.Count);
        Assert.All(evidence.Items, e => Assert.Equal(Adele, e.Actor.ObjectId));

        _clock.Advance(TimeSpan.FromDays(1));
        // The DevHost's scheduler may also have sent the quarterly digest meanwhile: the trend compares with whichever was last.
        var latest = await _host.Services.GetRequiredService<IDigestArchive>().LatestReviewedAsync();
        var second = await Service.SendAsync(AlexActor, CancellationToken.None);
        var after = second.Digest.PreviousActions;
        Assert.Equal(before.Open + 1, after.Open);
        Assert.Equal(before.Decisions + 1, after.Decisions);
        Assert.Contains(after.OpenActions, a => a.Text == "Commission a bias audit" && a.OwnerObjectId == Alex && a.DueDate == due);
        Assert.Contains(after.RecentDecisions, d => d.Contains("Pause the CV screening pilot", StringComparison.Ordinal));
        Assert.Equal(latest?.Id, second.Digest.PreviousId);
        Assert.Equal(latest?.Risks.ByResidualLevel, second.Digest.Risks.PreviousByResidualLevel);

        // The owner completes it; it counts as done, and becomes overdue-free.
        var action = after.OpenActions.First(a => a.Text == "Commission a bias audit");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, $"/api/management-reviews/actions/{action.Id}/complete", Lynne)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/api/management-reviews/actions/{action.Id}/complete", Alex)).Status);
        _clock.Advance(TimeSpan.FromDays(1));
        var third = await Service.SendAsync(AlexActor, CancellationToken.None);
        Assert.Equal(after.Done + 1, third.Digest.PreviousActions.Done);
        Assert.DoesNotContain(third.Digest.PreviousActions.OpenActions, a => a.Id == action.Id);
    }

    [Fact]
    public async Task A_digest_that_reached_no_top_management_member_is_not_a_review_and_the_requester_is_told()
    {
        // Nobody has a chat address in this host: Adele (top management) cannot be reached.
        _clock.Advance(TimeSpan.FromDays(200));
        var archive = _host.Services.GetRequiredService<IDigestArchive>();
        var reviewedBefore = await archive.LatestReviewedAsync();
        var job = _host.Services.GetServices<Aims.Application.Jobs.IBotJob>().OfType<ManagementReviewDigestJob>().Single();

        var answer = await job.RunAsync(new Aims.Application.Jobs.BotJob(ManagementReviewDigestJob.JobKind, Alex, "digest-unreached-1"), CancellationToken.None);
        var unreached = (await archive.LatestAsync())!;
        _clock.Advance(TimeSpan.FromDays(1));
        var next = await Service.SendAsync(AlexActor, CancellationToken.None);

        Assert.Equal(0, unreached.DeliveredToTopManagement);
        Assert.False(unreached.Reviewed);
        Assert.Contains("reached no one in top management (1 could not be reached", answer.Card.ToJson(), StringComparison.Ordinal);
        Assert.Contains("not a management review", answer.Card.ToJson(), StringComparison.Ordinal);
        // The next digest compares with the last review top management received, not with the one nobody saw.
        Assert.NotEqual(unreached.Id, next.Digest.PreviousId);
        Assert.Equal(reviewedBefore?.Id, next.Digest.PreviousId);
        Assert.Equal((await archive.LatestReviewedAsync())?.Id, reviewedBefore?.Id);
    }

    [Fact]
    public async Task Overdue_leadership_actions_are_counted_as_overdue()
    {
        var first = await Service.SendAsync(AlexActor, CancellationToken.None);
        var due = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).AddDays(3);
        await Service.RespondAsync(first.Digest.Id, AdeleActor, LeadershipItemKind.Action, "Update the AI policy", Alex, due, "press-overdue", CancellationToken.None);

        _clock.Advance(TimeSpan.FromDays(10));
        var later = await Service.SendAsync(AlexActor, CancellationToken.None);

        Assert.Contains(later.Digest.PreviousActions.OpenActions, a => a.Text == "Update the AI policy" && a.Overdue);
        Assert.True(later.Digest.PreviousActions.Overdue >= 1);
    }

    [Fact]
    public async Task Opportunities_come_from_aims_managers_and_show_in_the_digest()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/api/management-reviews/opportunities", Adele, new { text = "x" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, "/api/management-reviews/opportunities", Alex, new { text = "" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/management-reviews/opportunities", Alex, new { text = "Automate evidence capture from CI" })).Status);

        var run = await Service.SendAsync(AlexActor, CancellationToken.None);

        Assert.Contains("Automate evidence capture from CI", run.Digest.Opportunities);
    }

    [Fact]
    public async Task Reports_are_recorded_with_the_reporter_hidden_when_anonymous_handled_by_managers_and_counted_in_the_digest()
    {
        var reports = _host.Services.GetRequiredService<ReportService>();
        // The report names a system, which must be in the register: seeded here, not by whichever class ran first.
        await _host.Services.GetServices<Aims.Application.Demo.IDemoSeed>().Single(s => s.Name == "register").SeedAsync(CancellationToken.None);
        var before = (await Service.SendAsync(AlexActor, CancellationToken.None)).Digest.Reports;
        var created = await reports.SubmitAsync(new Actor(Lynne, "Lynne Robbins"), "Chatbot gave medical advice", "It told a customer to stop medication.", ReportKind.Incident, "demo-support-chatbot", anonymous: true, CancellationToken.None);
        var id = created.Report.Id;

        var (_, list) = await SendAsync(HttpMethod.Get, "/api/reports", Adele);
        var shown = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);
        Assert.Equal("anonymous", shown.GetProperty("reporterName").GetString());
        Assert.Equal("anonymous", shown.GetProperty("reporterObjectId").GetString());
        var evidence = await _host.Services.GetRequiredService<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ReportService.Subject(id) });
        // Anonymous means anonymous in evidence too: no evidence reader can learn who reported.
        Assert.Equal(ReportService.AnonymousReporter, Assert.Single(evidence.Items).Actor);
        Assert.Contains("10.2", evidence.Items[0].Clauses);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Put, $"/api/reports/{id}", Lynne, new { severity = "High" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"/api/reports/{id}", Alex, new { ownerObjectId = Alex, severity = "High", rootCause = "No guardrail for medical topics" })).Status);
        var open = (await Service.SendAsync(AlexActor, CancellationToken.None)).Digest.Reports;
        Assert.Equal(before.Open + 1, open.Open);
        Assert.Equal(before.OpenBySeverity.GetValueOrDefault("High") + 1, open.OpenBySeverity["High"]);

        var (badStatus, bad) = await SendAsync(HttpMethod.Put, $"/api/reports/{id}", Alex, new { correctiveAction = "Add a topic guardrail", correctiveActionDueDate = "2026-12-15", status = "Closed" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.True(bad.GetProperty("errors").TryGetProperty("effectivenessVerification", out _), bad.ToString());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"/api/reports/{id}", Alex, new { correctiveAction = "Add a topic guardrail", correctiveActionDueDate = "2026-12-15" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"/api/reports/{id}", Alex, new { effectivenessVerification = "200 red-team prompts: no medical advice", status = "Closed" })).Status);

        var closed = (await Service.SendAsync(AlexActor, CancellationToken.None)).Digest.Reports;
        Assert.Equal(before.Closed + 1, closed.Closed);
        Assert.Equal(before.ClosedBySeverity.GetValueOrDefault("High") + 1, closed.ClosedBySeverity["High"]);
        var steps = await _host.Services.GetRequiredService<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ReportService.Subject(id) });
        Assert.Equal(4, steps.Items.Count); // reported, rated, corrective action, verified and closed (the refused close records nothing)
    }
}
