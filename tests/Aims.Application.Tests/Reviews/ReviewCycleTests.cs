using System.Net;
using System.Text.Json;
using Aims.Application.Register;
using Aims.Application.Reviews;
using Aims.Application.Tests.Work;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Core.Register;
using Aims.Core.Reviews;

namespace Aims.Application.Tests.Reviews;

/// <summary>Review cycles through the real DevHost on a dedicated Azurite, with a fake clock and a recording Bot Connector.</summary>
public sealed class ReviewCycleTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private const string Alex = ReviewHost.Alex;
    private const string Megan = ReviewHost.Megan;
    private const string Adele = ReviewHost.Adele;
    private const string Patti = ReviewHost.Patti;
    private const string Lynne = ReviewHost.Lynne;
    private static readonly Actor AlexActor = new(Alex, "Alex Wilber");
    private static readonly Actor MeganActor = new(Megan, "Megan Bowen");
    private readonly ReviewHost _host;

    public ReviewCycleTests(DedicatedAzurite azurite)
    {
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 7, 3, 6, 0, 0, TimeSpan.Zero));
    }

    public void Dispose() => _host.Dispose();

    private ReviewCycleService Service => _host.Get<ReviewCycleService>();

    private IReviewCycles Store => _host.Get<IReviewCycles>();

    [Theory]
    [InlineData("P3M", "UTC", "2026-11-28T12:00:00Z", "2026-10")]
    [InlineData("P6M", "UTC", "2026-06-30T12:00:00Z", "2026-01")]
    [InlineData("P1Y", "UTC", "2026-11-28T12:00:00Z", "2026-01")]
    [InlineData("P1M", "UTC", "2027-02-14T00:00:00Z", "2027-02")]
    [InlineData("P1M", "Pacific/Auckland", "2026-06-30T13:00:00Z", "2026-07")]   // already 1 July in New Zealand
    [InlineData("P1M", "America/New_York", "2026-07-01T02:00:00Z", "2026-06")]   // still 30 June in New York
    [InlineData("P2W", "UTC", "2026-07-03T06:00:00Z", "2026-06-22")]             // fortnights start on Mondays (counted from Monday 1 January of year 1)
    [InlineData("0 0 6 1 1,7 *", "UTC", "2026-11-28T12:00:00Z", "2026-07-01T0600")]
    [InlineData("0 0 6 1 1,7 *", "UTC", "2026-07-01T05:59:59Z", "2026-01-01T0600")]
    [InlineData("0 0 9 * * MON", "Europe/Paris", "2026-07-06T06:59:00Z", "2026-06-29T0900")]
    public void Cadences_give_stable_periods_in_the_time_zone(string cadence, string zone, string at, string expected)
    {
        var period = ReviewCadence.Parse(cadence).PeriodAt(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), ReviewCadence.FindZone(zone)!);

        Assert.Equal(expected, period!.Key);
    }

    [Theory]
    [InlineData("P")]
    [InlineData("P1M2D")]
    [InlineData("P0M")]
    [InlineData("0 0 6 * *")]
    [InlineData("0 0 99 * * *")]
    [InlineData("monthly")]
    public void Bad_cadences_are_refused(string cadence) => Assert.False(ReviewCadence.TryParse(cadence, out _, out _));

    [Fact]
    public async Task A_bad_definition_is_refused_field_by_field_and_nothing_is_stored()
    {
        var (forbidden, _) = await _host.SendAsync(HttpMethod.Post, "/api/review-cycles", Lynne, Cycle("x", "SoaReview", null));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);

        var (status, body) = await _host.SendAsync(HttpMethod.Post, "/api/review-cycles", Alex, new
        {
            title = "",
            kind = "Quarterly",
            cadence = "every month",
            timeZone = "Mars/Olympus",
            systemIds = new[] { "bad id!" },
            responsibleRole = "Boss",
            daysAllowed = 0,
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var fields = body.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["cadence", "daysAllowed", "kind", "responsibleRole", "systemIds", "timeZone", "title"], fields);
        var (_, list) = await _host.SendAsync(HttpMethod.Get, "/api/review-cycles", Alex);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("kind").GetString() == "Quarterly");
    }

    [Fact]
    public async Task Two_simultaneous_runs_open_each_task_of_the_period_once_one_per_item_and_owner()
    {
        var owned = await SystemAsync("Owned", Megan);
        var orphan = await SystemAsync("Orphan", owner: "");
        var cycleId = await CreateCycleAsync(Cycle("Concurrent risk review", "RiskRegisterReview", [owned, orphan], role: "RiskOwner", cadence: "P3M"));

        var runs = await Task.WhenAll(Service.OpenDueAsync(CancellationToken.None), Service.OpenDueAsync(CancellationToken.None));

        // Owned: its owner; orphan: every risk owner (Alex, Megan, Patti). Together the runs opened each task once.
        var tasks = await TasksAsync(cycleId);
        Assert.Equal(4, tasks.Count);
        Assert.Equal(4, runs.Sum());
        Assert.Equal(4, tasks.Select(t => t.Id).Distinct().Count());
        Assert.All(tasks, t => Assert.Equal("2026-07", t.Period));
        Assert.Equal(2, CardsAbout("Concurrent risk review", Megan).Count);
        Assert.Single(CardsAbout("Concurrent risk review", Alex));
        Assert.Single(CardsAbout("Concurrent risk review", Patti));
        Assert.Empty(CardsAbout("Concurrent risk review", Lynne));
        Assert.Equal(ReviewPeriodStatus.Open, (await Store.GetPeriodAsync(ReviewPeriod.IdFor(cycleId, "2026-07")))!.Period.Status);

        // Later the same quarter: nothing new.
        _host.Clock.Advance(TimeSpan.FromDays(20));
        await Task.WhenAll(Service.OpenDueAsync(CancellationToken.None), Service.OpenDueAsync(CancellationToken.None));
        Assert.Equal(4, (await TasksAsync(cycleId)).Count);
        Assert.Equal(2, CardsAbout("Concurrent risk review", Megan).Count);
    }

    [Fact]
    public async Task Only_the_owner_answers_a_double_press_records_once_and_the_next_review_shows_what_changed_since()
    {
        var system = await SystemAsync("Chat triage", Megan);
        var cycleId = await CreateCycleAsync(Cycle("Triage review", "RiskRegisterReview", [system], cadence: "P3M", days: 30));
        await Service.OpenDueAsync(CancellationToken.None);
        var task = Assert.Single(await TasksAsync(cycleId));
        var first = Assert.Single(CardsAbout("Triage review", Megan));
        Assert.Contains("Latest recorded changes (first review)", first, StringComparison.Ordinal);
        Assert.Contains("created", first, StringComparison.Ordinal);
        // The DevHost has a workspace address: the card opens the system's page there.
        Assert.Contains("http://localhost:3978/workspace/systems/" + system, first, StringComparison.Ordinal);
        Assert.Contains(ReviewTaskCard.VerbNoChange, first, StringComparison.Ordinal);

        // An AIMS manager is not the owner: refused, nothing stored.
        Assert.Contains("Not allowed", (await Service.DecideAsync(task.Id, AlexActor, ReviewTaskStatus.ReviewedNoChange, null, CancellationToken.None)).ToJson(), StringComparison.Ordinal);
        Assert.Contains("Say what must change", (await Service.DecideAsync(task.Id, MeganActor, ReviewTaskStatus.ChangesNeeded, "  ", CancellationToken.None)).ToJson(), StringComparison.Ordinal);
        Assert.Equal(ReviewTaskStatus.Open, (await Store.GetTaskAsync(task.Id))!.Task.Status);

        var presses = await Task.WhenAll(
            Service.DecideAsync(task.Id, MeganActor, ReviewTaskStatus.ChangesNeeded, "Add the new escalation risk", CancellationToken.None),
            Service.DecideAsync(task.Id, MeganActor, ReviewTaskStatus.ChangesNeeded, "Add the new escalation risk", CancellationToken.None));
        Assert.Single(presses, p => p.ToJson().Contains("Already decided", StringComparison.Ordinal));
        var outcomes = await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ReviewCycleService.Subject(cycleId), Kind = EvidenceKind.ReviewOutcome });
        var outcome = Assert.Single(outcomes.Items, e => e.CorrelationId == task.Id);
        Assert.Equal(Megan, outcome.Actor.ObjectId);
        Assert.Equal(["6.1.2", "8.2"], outcome.Clauses);
        // The card Megan got is replaced with the answered one (announced from the queue): no stale buttons stay in her chat. The
        // second press queues the announcement again when it finds the task decided: it is announced once all the same.
        Assert.InRange(await QueueDrain.AnnouncementsAsync(_host.Services, task.Id), 1, 2);
        var copy = Assert.Single(await _host.Get<Core.Messaging.ICardMessageLog>().ListAsync(ReviewCycleService.TaskSubject(task.Id)));
        Assert.Single(_host.Connector.Updated, u => u.ActivityId == copy.ActivityId);
        var replaced = _host.Connector.Updated.Last(u => u.ActivityId == copy.ActivityId).Card;
        Assert.Contains("Add the new escalation risk", replaced, StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewTaskCard.VerbNoChange, replaced, StringComparison.Ordinal);

        // Between the reviews the system changes; the next quarter's card shows that change and not the older ones.
        _host.Clock.Advance(TimeSpan.FromDays(10));
        var register = _host.Get<RegisterService>();
        var current = (await _host.Get<IAiSystemRegistry>().GetAsync(system))!;
        await register.UpdateAsync(current.System, current.System.Details with { Purpose = "Triage and route support chats" }, current.ETag, AlexActor);
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 1, 6, 0, 0, TimeSpan.Zero));
        await Service.OpenDueAsync(CancellationToken.None);
        var second = CardsAbout("Triage review", Megan).Last();
        Assert.Contains("Changes since the last review (2026-07-03)", second, StringComparison.Ordinal);
        Assert.Contains("updated", second, StringComparison.Ordinal);
        Assert.DoesNotContain(") created", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overdue_tasks_are_reminded_each_round_once_then_escalated_to_the_aims_managers_and_the_owners_manager()
    {
        var system = await SystemAsync("Forecast", Megan);
        var cycleId = await CreateCycleAsync(Cycle("Forecast review", "ImpactAssessmentReview", [system], cadence: "P1Y", days: 5));
        await Service.OpenDueAsync(CancellationToken.None);
        var task = Assert.Single(await TasksAsync(cycleId));
        var deliveries = _host.Get<IDeliveryLog>();

        _host.Clock.Advance(TimeSpan.FromDays(4));
        await Service.FollowUpAsync(CancellationToken.None);
        Assert.Null(await deliveries.FindAsync($"review-reminder:{task.Id}:0", Megan));

        _host.Clock.Advance(TimeSpan.FromDays(2));   // 1 day overdue: round 0
        await Service.FollowUpAsync(CancellationToken.None);
        await Service.FollowUpAsync(CancellationToken.None);
        Assert.Equal("delivered", (await deliveries.FindAsync($"review-reminder:{task.Id}:0", Megan))!.Status);
        Assert.Single(CardsAbout("Forecast review", Megan), c => c.Contains("Reminder:", StringComparison.Ordinal));
        Assert.Null(await deliveries.FindAsync($"review-escalation:{task.Id}", Alex));

        _host.Clock.Advance(TimeSpan.FromDays(7));   // 8 days overdue: round 2 and the escalation
        await Task.WhenAll(Service.FollowUpAsync(CancellationToken.None), Service.FollowUpAsync(CancellationToken.None));
        Assert.Equal(2, CardsAbout("Forecast review", Megan).Count(c => c.Contains("Reminder:", StringComparison.Ordinal)));
        Assert.Single(CardsAbout("Forecast review", Alex), c => c.Contains("Escalation:", StringComparison.Ordinal));
        Assert.Single(CardsAbout("Forecast review", Adele), c => c.Contains("Escalation:", StringComparison.Ordinal));   // Megan's manager
        Assert.DoesNotContain(ReviewTaskCard.VerbNoChange, CardsAbout("Forecast review", Alex).Single(), StringComparison.Ordinal);

        var rounds = await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ReviewCycleService.Subject(cycleId), Kind = ReviewCycleService.ReminderKind, PageSize = 100 });
        Assert.Equal(3, rounds.Items.Count);   // reminder 1, reminder 3, escalation: each round once
        Assert.All(rounds.Items, e => Assert.Contains("6.1.4", e.Clauses));
    }

    [Fact]
    public async Task A_period_closes_when_all_tasks_are_done_or_at_its_end_and_the_report_is_evidence_for_the_managers()
    {
        var a = await SystemAsync("Closure A", Megan);
        var b = await SystemAsync("Closure B", Patti);
        var done = await CreateCycleAsync(Cycle("All done review", "RiskRegisterReview", [a], cadence: "P1Y", days: 10));
        var late = await CreateCycleAsync(Cycle("Late review", "RiskRegisterReview", [a, b], cadence: "P1Y", days: 10));
        await Service.OpenDueAsync(CancellationToken.None);
        var doneTask = Assert.Single(await TasksAsync(done));
        var lateTasks = await TasksAsync(late);

        await Service.DecideAsync(doneTask.Id, MeganActor, ReviewTaskStatus.ChangesNeeded, "Re-rate R-2 after the vendor change", CancellationToken.None);
        Assert.Equal(1, await QueueDrain.AnnouncementsAsync(_host.Services, doneTask.Id));
        Assert.Equal(ReviewPeriodStatus.Closed, (await Store.GetPeriodAsync(ReviewPeriod.IdFor(done, "2026-01")))!.Period.Status);
        var closure = Assert.Single(_host.Connector.CardsTo(Alex), c => c.Contains("Review closed: All done review", StringComparison.Ordinal));
        Assert.Contains("Re-rate R-2 after the vendor change", closure, StringComparison.Ordinal);

        // Only this test's own periods are asserted on: CloseDueAsync counts every due period in the storage it runs on.
        var latePeriod = ReviewPeriod.IdFor(late, "2026-01");
        await Service.DecideAsync(lateTasks.Single(t => t.OwnerObjectId == Megan).Id, MeganActor, ReviewTaskStatus.ReviewedNoChange, null, CancellationToken.None);
        await Service.CloseDueAsync(CancellationToken.None);
        Assert.Equal(ReviewPeriodStatus.Open, (await Store.GetPeriodAsync(latePeriod))!.Period.Status);   // one task open, the period not over
        _host.Clock.Advance(TimeSpan.FromDays(11));
        await Task.WhenAll(Service.CloseDueAsync(CancellationToken.None), Service.CloseDueAsync(CancellationToken.None));
        Assert.Equal(ReviewPeriodStatus.Closed, (await Store.GetPeriodAsync(latePeriod))!.Period.Status);

        var evidence = await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ReviewCycleService.Subject(late), Kind = EvidenceKind.ReviewOutcome, PageSize = 100 });
        var report = Assert.Single(evidence.Items, e => e.CorrelationId == latePeriod);   // two simultaneous runs closed it once
        Assert.Equal(["6.1.2", "8.2", "9.1"], report.Clauses);
        using var payload = JsonDocument.Parse(await new StreamReader((await _host.Get<IEvidenceStore>().OpenPayloadAsync(report.Id))!).ReadToEndAsync());
        Assert.Equal(1, payload.RootElement.GetProperty("reviewedNoChange").GetInt32());
        Assert.Equal(1, payload.RootElement.GetProperty("overdue").GetInt32());
        Assert.False(payload.RootElement.GetProperty("allDone").GetBoolean());
        Assert.Single(_host.Connector.CardsTo(Alex), c => c.Contains("Review closed: Late review", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_significant_change_opens_one_out_of_cycle_impact_assessment_review_for_the_owner()
    {
        var system = await SystemAsync("Scoring", Patti);
        var register = _host.Get<RegisterService>();
        var current = (await _host.Get<IAiSystemRegistry>().GetAsync(system))!;

        // Not significant: no review.
        var stored = await register.UpdateAsync(current.System, current.System.Details with { Purpose = "Score applications" }, current.ETag, AlexActor);
        Assert.Empty(OutOfCycleCards(Patti));

        // Model and data sources change: one review for Patti.
        var changed = stored.System.Details with { ModelType = "gradient boosting v3", DataSources = [.. stored.System.Details.DataSources, new DataSource("Bureau feed", DataClassification.Personal)] };
        await register.UpdateAsync(stored.System, changed, stored.ETag, AlexActor);
        var card = Assert.Single(OutOfCycleCards(Patti));
        Assert.Contains("model gradient boosting -> gradient boosting v3", card, StringComparison.Ordinal);
        Assert.Contains("Bureau feed", card, StringComparison.Ordinal);
        var task = Assert.Single(await TasksAsync(ReviewTask.OutOfCycle), t => t.ItemKey == "ai-system:" + system);
        Assert.Equal(ReviewKind.ImpactAssessmentReview, task.Kind);
        Assert.Equal(Patti, task.OwnerObjectId);
        Assert.Equal(["A.5.2"], task.Controls);

        // The same change reported again (a retried trigger) opens nothing.
        Assert.Empty(await Service.OpenOutOfCycleReviewAsync(system, task.Reason!, CancellationToken.None));
        Assert.Single(OutOfCycleCards(Patti));

        // Through a CSV import too.
        var after = (await _host.Get<IAiSystemRegistry>().GetAsync(system))!;
        var csv = "id,name,purpose,ownerObjectId,businessUnit,stage,ourRole,modelType,dataSources,impactedParties,humanOversight,autonomyLevel,riskClass,impactAssessmentStatus\r\n" +
            $"{system},Scoring,Score applications,{Patti},Lending,Development,Deployer,gradient boosting v2,Applications|Personal;Bureau feed|Personal,Applicants,Analyst reviews,HumanInTheLoop,High,InProgress\r\n";
        var import = await register.ImportAsync(csv, apply: true, partial: false, AlexActor);
        Assert.True(import.Applied, string.Join("; ", import.Errors.Select(e => e.Field + ": " + e.Message)));
        Assert.Equal(2, OutOfCycleCards(Patti).Count);
        Assert.Contains("model", OutOfCycleCards(Patti)[^1], StringComparison.Ordinal);
        Assert.NotEqual(after.ETag, (await _host.Get<IAiSystemRegistry>().GetAsync(system))!.ETag);
    }

    private IReadOnlyList<string> OutOfCycleCards(string person) =>
        [.. _host.Connector.CardsTo(person).Where(c => c.Contains("Out-of-cycle review", StringComparison.Ordinal))];

    private IReadOnlyList<string> CardsAbout(string title, string person) =>
        [.. _host.Connector.CardsTo(person).Where(c => c.Contains(title, StringComparison.Ordinal))];

    private async Task<List<ReviewTask>> TasksAsync(string cycleId)
    {
        var list = new List<ReviewTask>();
        await foreach (var task in Store.ListTasksAsync(cycleId)) list.Add(task);
        return list;
    }

    private Task<string> SystemAsync(string name, string owner) => _host.SystemAsync(name, owner, LifecycleStage.Development);

    private static object Cycle(string title, string kind, string[]? systems, string role = "AimsManager", string cadence = "P3M", int days = 14) =>
        new { title, kind, cadence, systemIds = systems, responsibleRole = role, daysAllowed = days };

    private async Task<string> CreateCycleAsync(object body)
    {
        var (status, created) = await _host.SendAsync(HttpMethod.Post, "/api/review-cycles", Alex, body);
        Assert.True(status == HttpStatusCode.Created, created.ToString());
        return created.GetProperty("id").GetString()!;
    }
}
