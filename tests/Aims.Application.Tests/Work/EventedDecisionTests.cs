using System.Text.Json;
using Aims.Application.Demo;
using Aims.Application.Objectives;
using Aims.Application.Proactive;
using Aims.Application.Reviews;
using Aims.Application.Tests.Reviews;
using Aims.Application.Training;
using Aims.Application.Work;
using Aims.Application.Workspace;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Core.Objectives;
using Aims.Core.Records;
using Aims.Core.Reviews;
using Aims.Core.Training;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Work;

/// <summary>
/// Review task answers, breach and alert acknowledgements, management review responses and training attestations as events:
/// the press records the decision and its evidence and answers at once while every Bot Connector call and directory member
/// lookup would take 5 s on a clock nobody moves; the queued announcement then replaces every card copy (and closes a finished
/// review period) exactly once, also when the same announcement is delivered again. An Azurite of its own: the demo
/// organisation is seeded here.
/// </summary>
public sealed class EventedDecisionTests : IClassFixture<DedicatedAzurite>, IAsyncLifetime
{
    private const string Alex = ReviewHost.Alex;    // AIMS manager
    private const string Megan = ReviewHost.Megan;  // risk owner
    private const string Adele = ReviewHost.Adele;  // top management

    private readonly SlowClock _slow = new();
    private readonly RecordingConnector _recorded = new();
    private readonly SlowConnector _connector;
    private readonly DevHostFactory _host;

    public EventedDecisionTests(DedicatedAzurite azurite)
    {
        _connector = new SlowConnector(_recorded, _slow);
        _host = new DevHostFactory(azurite.ConnectionString, services: s =>
        {
            s.AddSingleton<IConnectorClient>(_connector);
            SlowTeams.SlowDirectory(s, _slow);
        });
    }

    public async Task InitializeAsync()
    {
        await Get<DemoSeeder>().SeedAsync(CancellationToken.None);
        var book = Get<IChatAddressBook>();
        foreach (var person in ReviewHost.Everyone)
        {
            await book.SaveAsync(new ChatAddress(person, "29:" + person, null, "conv-" + person, "http://127.0.0.1:9/_connector", "t", "bot", DateTimeOffset.UtcNow));
        }
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_review_task_answer_answers_at_once_and_its_announcement_closes_the_period_and_replaces_the_card_once()
    {
        var now = DateTimeOffset.UtcNow;
        var cycles = Get<IReviewCycles>();
        const string cycleId = "evented-review";
        var period = new ReviewPeriod(ReviewPeriod.IdFor(cycleId, "2026-12"), cycleId, "2026-12", now, now.AddDays(10));
        Assert.True(await cycles.TryOpenPeriodAsync(period));
        var task = new ReviewTask("evented-review-task", cycleId, ReviewKind.RiskRegisterReview, "Evented review", "2026-12", "ai-system:demo-support-chatbot",
            "Support chatbot", Megan, ["6.1.2", "8.2"], ["A.5.2"], now, now.AddDays(10));
        Assert.True(await cycles.TryOpenTaskAsync(task));
        var service = Get<ReviewCycleService>();
        var copy = await Get<CardCopies>().SendAsync(ReviewCycleService.TaskSubject(task.Id), Megan, await service.CardAsync(task, null, CancellationToken.None), CancellationToken.None);
        Assert.True(copy.Delivered);
        var callsBefore = _connector.Started;
        _slow.On = true;

        var answer = await PressAsync(Megan, ReviewTaskCard.VerbNoChange, new { taskId = task.Id }, "press-review");

        Assert.Contains("Reviewed", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewTaskCard.VerbNoChange, answer, StringComparison.Ordinal);
        Assert.Equal(ReviewTaskStatus.ReviewedNoChange, (await cycles.GetTaskAsync(task.Id))!.Task.Status);
        Assert.Single((await Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ReviewCycleService.Subject(cycleId), Kind = EvidenceKind.ReviewOutcome })).Items, e => e.CorrelationId == task.Id);
        Assert.Equal(callsBefore, _connector.Started);
        Assert.Empty(_recorded.Updated);
        Assert.Equal(ReviewPeriodStatus.Open, (await cycles.GetPeriodAsync(period.Id))!.Period.Status);

        // The queued event: the period closes (its report reaches the AIMS managers) and Megan's card loses its buttons.
        Assert.Equal(1, await SlowTeams.DrainAnnouncementsAsync(_host.Services, _slow, task.Id));
        Assert.Equal(ReviewPeriodStatus.Closed, (await cycles.GetPeriodAsync(period.Id))!.Period.Status);
        Assert.Single(_recorded.CardsTo(Alex), c => c.Contains("Review closed: " + cycleId, StringComparison.Ordinal));
        var update = Assert.Single(_recorded.Updated);
        Assert.Equal(copy.ActivityId, update.ActivityId);
        Assert.DoesNotContain(ReviewTaskCard.VerbNoChange, update.Card, StringComparison.Ordinal);

        // Delivered again (a retry, or the press retried by Teams): nothing is sent or replaced twice.
        var decided = (await cycles.GetTaskAsync(task.Id))!.Task;
        await Get<DecisionAnnouncements>().EnqueueAsync(ReviewTaskAnnouncer.KindName, task.Id, ReviewCycleService.DecisionKey(decided), CancellationToken.None);
        await PressAsync(Megan, ReviewTaskCard.VerbNoChange, new { taskId = task.Id }, "press-review");
        await AssertNothingMoreAsync(task.Id, expectedAnnouncements: 2);
        Assert.Single(_recorded.CardsTo(Alex), c => c.Contains("Review closed: " + cycleId, StringComparison.Ordinal));
        Assert.Single((await Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ReviewCycleService.Subject(cycleId), Kind = EvidenceKind.ReviewOutcome })).Items, e => e.CorrelationId == task.Id);
    }

    [Fact]
    public async Task An_alert_acknowledgement_answers_at_once_and_its_announcement_replaces_the_card_once()
    {
        var now = DateTimeOffset.UtcNow;
        var alertId = MonitoringAlert.IdFor("demo-support-chatbot", "evented-latency");
        var alert = new MonitoringAlert(alertId, "demo-support-chatbot", "evented-latency", true, now, 3.2, "Latency above 3 s", "NC-77", Megan);
        Assert.NotNull(await Get<IRecordStore<MonitoringAlert>>().TryAddAsync(alertId, alert));
        var copy = await Get<CardCopies>().SendAsync(ObjectiveService.AlertSubject(alertId), Megan, BreachCard.ForAlert(alert, "Support chatbot", null), CancellationToken.None);
        Assert.True(copy.Delivered);
        var callsBefore = _connector.Started;
        _slow.On = true;

        var answer = await PressAsync(Megan, BreachCard.VerbAcknowledge, new { kind = BreachCard.KindAlert, id = alertId }, "press-ack");

        Assert.Contains("Monitoring alert: acknowledged", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(BreachCard.VerbAcknowledge, answer, StringComparison.Ordinal);
        var stored = await Get<IRecordStore<MonitoringAlert>>().GetAsync(alertId);
        Assert.NotNull(stored!.Value.AcknowledgedAt);
        Assert.Null(stored.Owed);   // the evidence is recorded and the debt settled in the press
        Assert.Single((await Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ObjectiveService.AlertSubject(alertId) })).Items, e => e.Kind == ObjectiveService.AcknowledgementKind);
        Assert.Equal(callsBefore, _connector.Started);
        Assert.Empty(_recorded.Updated);

        var subject = ObjectiveService.AcknowledgementSubject(BreachCard.KindAlert, alertId);
        Assert.Equal(1, await SlowTeams.DrainAnnouncementsAsync(_host.Services, _slow, subject));
        var update = Assert.Single(_recorded.Updated);
        Assert.Equal(copy.ActivityId, update.ActivityId);
        Assert.Contains("Monitoring alert: acknowledged", update.Card, StringComparison.Ordinal);

        await Get<DecisionAnnouncements>().EnqueueAsync(BreachAnnouncer.KindName, subject, ObjectiveService.AcknowledgementKey(stored.Value.AcknowledgedAt!.Value), CancellationToken.None);
        Assert.Contains("acknowledged", await PressAsync(Megan, BreachCard.VerbAcknowledge, new { kind = BreachCard.KindAlert, id = alertId }, "press-ack"), StringComparison.Ordinal);
        await AssertNothingMoreAsync(subject, expectedAnnouncements: 1);
        Assert.Single((await Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ObjectiveService.AlertSubject(alertId) })).Items, e => e.Kind == ObjectiveService.AcknowledgementKind);
    }

    [Fact]
    public async Task An_objective_breach_acknowledgement_answers_at_once_and_its_announcement_replaces_the_card_once()
    {
        var now = DateTimeOffset.UtcNow;
        const string objectiveId = "OBJ-EVENTED";
        var objective = new AiObjective(objectiveId, "Escalation answer rate", "Escalations answered within the hour.", "escalation-rate", 0.95, TargetDirection.AtLeast, null, Megan,
            30, MeasurementSource.Manual, "demo-support-chatbot", 0, 1, ["A.6.2.6"], now, now, Alex,
            OpenBreach: new ObjectiveBreach("m-1", now, 0.8, "NC-78"));
        var store = Get<IRecordStore<AiObjective>>();
        Assert.NotNull(await store.TryAddAsync(objectiveId, objective));
        var copy = await Get<CardCopies>().SendAsync(ObjectiveService.Subject(objectiveId), Megan, BreachCard.ForObjective(objective, null, "NC-78", Get<WorkspaceLinks>(), null), CancellationToken.None);
        Assert.True(copy.Delivered);
        var callsBefore = _connector.Started;
        _slow.On = true;

        var answer = await PressAsync(Megan, BreachCard.VerbAcknowledge, new { kind = BreachCard.KindObjective, id = objectiveId }, "press-objective-ack");

        Assert.Contains($"Objective {objectiveId} off target: acknowledged", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(BreachCard.VerbAcknowledge, answer, StringComparison.Ordinal);
        var stored = (await store.GetAsync(objectiveId))!;
        Assert.Null(stored.Owed);
        Assert.Single((await Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ObjectiveService.Subject(objectiveId) })).Items, e => e.Kind == ObjectiveService.AcknowledgementKind);
        Assert.Equal(callsBefore, _connector.Started);
        Assert.Empty(_recorded.Updated);

        var subject = ObjectiveService.AcknowledgementSubject(BreachCard.KindObjective, objectiveId);
        Assert.Equal(1, await SlowTeams.DrainAnnouncementsAsync(_host.Services, _slow, subject));
        var update = Assert.Single(_recorded.Updated);
        Assert.Equal(copy.ActivityId, update.ActivityId);
        Assert.Contains("acknowledged", update.Card, StringComparison.Ordinal);

        await Get<DecisionAnnouncements>().EnqueueAsync(BreachAnnouncer.KindName, subject, ObjectiveService.AcknowledgementKey(stored.Value.OpenBreach!.AcknowledgedAt!.Value), CancellationToken.None);
        await AssertNothingMoreAsync(subject, expectedAnnouncements: 1);
    }

    [Fact]
    public async Task A_management_review_response_answers_at_once_and_its_announcement_replaces_every_copy_once()
    {
        var run = await Get<ManagementReviewService>().SendAsync(new Actor(Alex, "Alex Wilber"), CancellationToken.None);
        var digestId = run.Digest.Id;
        var copies = await Get<ICardMessageLog>().ListAsync(ManagementReviewService.Subject(digestId));
        Assert.NotEmpty(copies);
        var callsBefore = _connector.Started;
        _slow.On = true;

        var answer = await PressAsync(Adele, ManagementReviewDigestCard.VerbDecide,
            new Dictionary<string, string?> { ["digestId"] = digestId, [ManagementReviewDigestCard.DecisionText] = "Retire the legacy scoring model" }, "press-decide");

        Assert.Contains("Retire the legacy scoring model", answer, StringComparison.Ordinal);
        Assert.Equal(callsBefore, _connector.Started);
        Assert.Empty(_recorded.Updated);
        Assert.Single((await Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ManagementReviewService.Subject(digestId), Kind = EvidenceKind.ReviewOutcome })).Items);

        Assert.Equal(1, await SlowTeams.DrainAnnouncementsAsync(_host.Services, _slow, digestId));
        Assert.Equal(copies.Count, _recorded.Updated.Count);
        Assert.All(copies, c => Assert.Contains(_recorded.Updated, u => u.ActivityId == c.ActivityId && u.Card.Contains("Retire the legacy scoring model", StringComparison.Ordinal)));

        await Get<DecisionAnnouncements>().EnqueueAsync(ManagementReviewAnnouncer.KindName, digestId, $"{digestId}-decision-press-decide", CancellationToken.None);
        await PressAsync(Adele, ManagementReviewDigestCard.VerbDecide,
            new Dictionary<string, string?> { ["digestId"] = digestId, [ManagementReviewDigestCard.DecisionText] = "Retire the legacy scoring model" }, "press-decide");
        await AssertNothingMoreAsync(digestId, expectedAnnouncements: 2);
        Assert.Single((await Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ManagementReviewService.Subject(digestId), Kind = EvidenceKind.ReviewOutcome })).Items);
    }

    [Fact]
    public async Task A_training_attestation_answers_at_once_and_its_announcement_replaces_the_persons_card_copies_once()
    {
        var now = DateTimeOffset.UtcNow;
        var campaign = new TrainingCampaign("tc-evented", "Evented AI basics", "What AI use means here.", "https://learn.example/course", new TrainingMaterial("E-learning", "v1", null),
            "I completed the AI basics.", ["group"], [], DateOnly.FromDateTime(now.UtcDateTime).AddDays(30), [7, 1], 3, CampaignState.Launched, [], now, Alex, now, Alex);
        await Get<ITrainingCampaignStore>().CreateAsync(campaign);
        await Get<ITrainingAssignmentStore>().UpsertAsync(new TrainingAssignment(campaign.Id, Megan, "Megan Bowen", null, "group", "v1", AssignmentStatus.Pending, null, null, now));
        // The card and a reminder go out through the send queue's handler, which tracks every copy.
        var sends = _host.Services.GetServices<IQueueHandler>().OfType<TrainingSendHandler>().Single();
        await sends.HandleAsync(JsonSerializer.Serialize(new TrainingSendWork(campaign.Id, "v1", Megan)), 1, CancellationToken.None);
        await sends.HandleAsync(JsonSerializer.Serialize(new TrainingSendWork(campaign.Id, "v1", Megan, TrainingSendWork.Reminder(7))), 1, CancellationToken.None);
        var copies = await Get<ICardMessageLog>().ListAsync(TrainingAnnouncer.Subject(campaign.Id, Megan));
        Assert.Equal(2, copies.Count);
        var callsBefore = _connector.Started;
        _slow.On = true;

        var answer = await PressAsync(Megan, TrainingAttestationCard.Verb,
            new Dictionary<string, string?> { ["campaignId"] = campaign.Id, ["version"] = "v1", ["recipient"] = Megan, [TrainingAttestationCard.ConfirmInput] = "true" }, "press-attest");

        Assert.Contains("Attested on", answer, StringComparison.Ordinal);
        Assert.Equal(callsBefore, _connector.Started);
        Assert.Empty(_recorded.Updated);
        Assert.NotNull((await Get<ITrainingAttestationStore>().GetAsync(campaign.Id, "v1", Megan))!.EvidenceId);
        Assert.Equal(AssignmentStatus.Attested, (await Get<ITrainingAssignmentStore>().GetAsync(campaign.Id, Megan))!.Status);

        var subject = TrainingAnnouncer.SubjectId(campaign.Id, Megan);
        Assert.Equal(1, await SlowTeams.DrainAnnouncementsAsync(_host.Services, _slow, subject));
        Assert.Equal(2, _recorded.Updated.Count);
        Assert.All(copies, c => Assert.Contains(_recorded.Updated, u => u.ActivityId == c.ActivityId && u.Card.Contains("Attested on", StringComparison.Ordinal)));
        Assert.All(_recorded.Updated, u => Assert.DoesNotContain(TrainingAttestationCard.Verb, u.Card, StringComparison.Ordinal));

        await Get<DecisionAnnouncements>().EnqueueAsync(TrainingAnnouncer.KindName, subject, "v1", CancellationToken.None);
        await AssertNothingMoreAsync(subject, expectedAnnouncements: 1);
    }

    /// <summary>Runs what was queued again for the subject; nothing more is sent or replaced.</summary>
    private async Task AssertNothingMoreAsync(string subjectId, int expectedAnnouncements)
    {
        var sent = _recorded.Sent.Count;
        var updated = _recorded.Updated.Count;
        Assert.Equal(expectedAnnouncements, await SlowTeams.DrainAnnouncementsAsync(_host.Services, _slow, subjectId));
        Assert.Equal(sent, _recorded.Sent.Count);
        Assert.Equal(updated, _recorded.Updated.Count);
    }

    /// <summary>
    /// Presses through the real activity router; the answer must come while the slow clock stands still (an invoke that waited
    /// for a Bot Connector call or a member lookup would never answer, and the guard turns that into a failure).
    /// </summary>
    private async Task<string> PressAsync(string actor, string verb, object data, string activityId)
    {
        var press = BotTurns.Press(actor, verb, data, activityId);
        var router = _host.Services.GetServices<IActivityHandler>().Single();
        var answer = await router.HandleAsync(new TurnContext(press, new Uri(press.ServiceUrl!), _connector, CancellationToken.None)).WaitAsync(TimeSpan.FromMinutes(2));
        return JsonSerializer.Serialize(answer!.Body, CardJson.Options);
    }

    private T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();
}
