using System.Net;
using System.Text.Json;
using Aims.Application.Reports;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Reports;
using Aims.Testing;

namespace Aims.Application.Tests.Reviews;

/// <summary>
/// Corrective action (10.2) on a nonconformity through the real DevHost: correction and corrective action as separate records,
/// root cause, owner and due date with reminders and escalation, the check for similar nonconformities, closure by an
/// effectiveness review from someone else; every step evidence, an anonymous reporter named in none of it.
/// </summary>
public sealed class CorrectiveActionTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Alex = ReviewHost.Alex;     // AIMS manager
    private const string Megan = ReviewHost.Megan;   // staff here: the action's owner
    private const string Adele = ReviewHost.Adele;   // top management
    private const string Patti = ReviewHost.Patti;
    private const string Lynne = ReviewHost.Lynne;   // reports anonymously
    private readonly ReviewHost _host;

    public CorrectiveActionTests(AzuriteFixture azurite)
    {
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 7, 3, 6, 0, 0, TimeSpan.Zero));
    }

    public void Dispose() => _host.Dispose();

    private async Task<string> ReportAsync(string by, string title, bool anonymous)
    {
        var created = await _host.Get<ReportService>().SubmitAsync(new Actor(by, by == Lynne ? "Lynne Robbins" : "Patti Fernandez"), title, "The chatbot quoted a withdrawn policy.",
            ReportKind.Nonconformity, null, anonymous, CancellationToken.None);
        return created.Report.Id;
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string id, string step, string user, object body) =>
        _host.SendAsync(HttpMethod.Post, $"/api/reports/{id}/{step}", user, body);

    [Fact]
    public async Task Each_step_is_its_own_record_in_order_with_fields_named_and_closure_needs_someone_other_than_who_recorded_the_action()
    {
        var id = await ReportAsync(Lynne, "Withdrawn policy quoted", anonymous: true);
        var other = await ReportAsync(Patti, "Old price list quoted", anonymous: false);

        var (early, refusal) = await PostAsync(id, "effectiveness-review", Adele, new { effective = true, note = "ok" });
        Assert.Equal(HttpStatusCode.Conflict, early);
        Assert.Contains("correction", refusal.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(id, "correction", Lynne, new { description = "x" })).Status);
        var (empty, problems) = await PostAsync(id, "correction", Alex, new { description = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.True(problems.GetProperty("errors").TryGetProperty("description", out _));

        var (corrected, afterCorrection) = await PostAsync(id, "correction", Alex, new { description = "Pulled the withdrawn policy from the index." });
        Assert.Equal(HttpStatusCode.OK, corrected);
        Assert.Equal("Pulled the withdrawn policy from the index.", afterCorrection.GetProperty("correction").GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, afterCorrection.GetProperty("correctiveActionRecord").ValueKind);

        var (incomplete, missing) = await PostAsync(id, "corrective-action", Alex, new { description = "Expire documents in the index", ownerObjectId = Megan, dueDate = "2026-07-01" });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete);
        Assert.True(missing.GetProperty("errors").TryGetProperty("rootCause", out _), missing.ToString());
        Assert.True(missing.GetProperty("errors").TryGetProperty("dueDate", out _), missing.ToString());
        var (recorded, withAction) = await PostAsync(id, "corrective-action", Alex, new { rootCause = "Withdrawn documents stay in the retrieval index", description = "Expire documents in the index when withdrawn", ownerObjectId = Megan, dueDate = "2026-07-10" });
        Assert.Equal(HttpStatusCode.OK, recorded);
        var action = withAction.GetProperty("correctiveActionRecord");
        Assert.Equal(Megan, action.GetProperty("ownerObjectId").GetString());
        Assert.Equal(Alex, action.GetProperty("recordedBy").GetString());
        Assert.Equal("Withdrawn documents stay in the retrieval index", withAction.GetProperty("rootCause").GetString());   // the older field follows
        Assert.Equal("Pulled the withdrawn policy from the index.", withAction.GetProperty("correction").GetProperty("description").GetString());
        Assert.Equal("anonymous", withAction.GetProperty("reporterName").GetString());

        // Closing through the handling PUT is no way around the effectiveness review.
        var (put, putProblems) = await _host.SendAsync(HttpMethod.Put, $"/api/reports/{id}", Alex, new { severity = "Medium", effectivenessVerification = "Fine", status = "Closed" });
        Assert.Equal(HttpStatusCode.BadRequest, put);
        Assert.True(putProblems.GetProperty("errors").TryGetProperty("status", out _));

        var (unknown, unknownProblems) = await PostAsync(id, "similar-check", Alex, new { reviewedReportIds = new[] { other, "NC-999" }, conclusion = "Same cause" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Contains("NC-999", unknownProblems.GetProperty("errors").GetProperty("reviewedReportIds")[0].GetString()!, StringComparison.Ordinal);
        var (similar, withCheck) = await PostAsync(id, "similar-check", Alex, new { reviewedReportIds = new[] { other }, conclusion = "Same cause: old price lists are covered by the same expiry." });
        Assert.Equal(HttpStatusCode.OK, similar);
        Assert.Equal([other], withCheck.GetProperty("similarCheck").GetProperty("reviewedReportIds").EnumerateArray().Select(e => e.GetString()));

        var (notDone, notDoneWhy) = await PostAsync(id, "effectiveness-review", Adele, new { effective = true, note = "ok" });
        Assert.Equal(HttpStatusCode.Conflict, notDone);
        Assert.Contains("not completed", notDoneWhy.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(id, "corrective-action/complete", Patti, new { note = "done" })).Status);
        var (completed, done) = await PostAsync(id, "corrective-action/complete", Megan, new { note = "Expiry job deployed" });
        Assert.Equal(HttpStatusCode.OK, completed);
        Assert.Equal(Megan, done.GetProperty("correctiveActionRecord").GetProperty("completedBy").GetString());

        var (own, ownWhy) = await PostAsync(id, "effectiveness-review", Alex, new { effective = true, note = "Checked" });
        Assert.Equal(HttpStatusCode.Conflict, own);
        Assert.Contains("separation of duties", ownWhy.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        var (closed, closedReport) = await PostAsync(id, "effectiveness-review", Adele, new { effective = true, note = "Thirty withdrawn documents: none retrieved in a week of traffic." });
        Assert.Equal(HttpStatusCode.OK, closed);
        Assert.Equal("Closed", closedReport.GetProperty("status").GetString());
        Assert.Equal(Adele, closedReport.GetProperty("effectiveness").GetProperty("reviewedBy").GetString());

        var evidence = _host.Get<IEvidenceStore>();
        var items = (await evidence.ListAsync(new EvidenceQuery { Subject = ReportService.Subject(id), PageSize = 100 })).Items;
        Assert.Single(items, e => e.Kind == EvidenceKind.NonconformityCorrection && e.Actor.ObjectId == Alex);
        Assert.Equal(2, items.Count(e => e.Kind == EvidenceKind.NonconformityCorrectiveAction));
        Assert.Single(items, e => e.Kind == EvidenceKind.NonconformitySimilarCheck);
        var review = Assert.Single(items, e => e.Kind == EvidenceKind.NonconformityEffectivenessReview);
        Assert.Equal(["10.2", "9.1"], review.Clauses);
        Assert.Equal(Adele, review.Actor.ObjectId);
        Assert.All(items, e => Assert.Contains("10.2", e.Clauses));
        await AssertReporterNamedNowhereAsync(evidence, items);
    }

    [Fact]
    public async Task An_overdue_corrective_action_reminds_its_owner_each_round_once_then_escalates_once_to_the_aims_managers()
    {
        var id = await ReportAsync(Lynne, "Escalation case", anonymous: true);
        await PostAsync(id, "correction", Alex, new { description = "Disabled the answer template." });
        var (recorded, _) = await PostAsync(id, "corrective-action", Alex, new { rootCause = "No review of answer templates", description = "Review templates monthly", ownerObjectId = Megan, dueDate = "2026-07-05" });
        Assert.Equal(HttpStatusCode.OK, recorded);
        var job = _host.Get<CorrectiveActionFollowUpJob>();

        _host.Clock.Advance(TimeSpan.FromDays(2));   // the due day itself: nothing yet
        Assert.Equal((0, 0), await job.FollowUpAsync(CancellationToken.None));

        _host.Clock.Advance(TimeSpan.FromDays(1));   // one day overdue: the first reminder, once however often the job runs
        await job.FollowUpAsync(CancellationToken.None);
        await job.FollowUpAsync(CancellationToken.None);
        Assert.Single(Cards(Megan), c => c.Contains("Reminder:", StringComparison.Ordinal));
        Assert.DoesNotContain(Cards(Alex), c => c.Contains("Escalation:", StringComparison.Ordinal));

        _host.Clock.Advance(TimeSpan.FromDays(7));   // eight days overdue: the next rounds' reminder and the escalation
        await Task.WhenAll(job.FollowUpAsync(CancellationToken.None), job.FollowUpAsync(CancellationToken.None));
        await job.FollowUpAsync(CancellationToken.None);
        Assert.Equal(2, Cards(Megan).Count(c => c.Contains("Reminder:", StringComparison.Ordinal)));
        Assert.Single(Cards(Alex), c => c.Contains("Escalation:", StringComparison.Ordinal));
        Assert.All(Cards(Megan).Concat(Cards(Alex)), c => Assert.DoesNotContain("Lynne", c, StringComparison.Ordinal));

        var evidence = _host.Get<IEvidenceStore>();
        var rounds = (await evidence.ListAsync(new EvidenceQuery { Subject = ReportService.Subject(id), Kind = EvidenceKind.NonconformityFollowUp, PageSize = 100 })).Items;
        Assert.Equal(3, rounds.Count);   // two reminders, one escalation
        await AssertReporterNamedNowhereAsync(evidence, rounds);

        // Completed: no more reminders.
        await PostAsync(id, "corrective-action/complete", Megan, new { note = "Monthly review scheduled" });
        _host.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal((0, 0), await job.FollowUpAsync(CancellationToken.None));
    }

    private IReadOnlyList<string> Cards(string person) => [.. _host.Connector.CardsTo(person).Where(c => c.Contains("Escalation case", StringComparison.Ordinal))];

    private static async Task AssertReporterNamedNowhereAsync(IEvidenceStore evidence, IEnumerable<EvidenceItem> items)
    {
        foreach (var item in items)
        {
            Assert.NotEqual(Lynne, item.Actor.ObjectId);
            await using var payload = await evidence.OpenPayloadAsync(item.Id);
            using var reader = new StreamReader(payload!);
            var text = await reader.ReadToEndAsync();
            Assert.DoesNotContain(Lynne, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Lynne", text, StringComparison.Ordinal);
        }
    }
}
