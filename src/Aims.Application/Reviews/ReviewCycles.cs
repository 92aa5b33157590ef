using System.Security.Cryptography;
using System.Text;
using Aims.Application.Proactive;
using Aims.Application.Work;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Core.Records;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Aims.Core.Risks;
using Aims.Core.ThirdParties;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Application.Reviews;

/// <summary>
/// Review cycles: opens each due period once (even with two timer runs) with one task per item and owner, sends each owner a
/// task card, records the outcomes, reminds and escalates overdue tasks, and closes periods with a closure report. Also opens
/// out-of-cycle impact assessment reviews after significant changes and when an assessment's review date comes. A supplier
/// review task is answered by a supplier assessment, an impact assessment review by a re-assessment: that record is the
/// evidence, the task only follows it.
/// </summary>
public sealed class ReviewCycleService(
    IReviewCycles cycles,
    ReviewItems items,
    IAiSystemRegistry systems,
    IImpactAssessmentStore assessments,
    ThirdParties.ThirdPartyService parties,
    RoleResolver roles,
    IEvidenceStore evidence,
    ProactiveMessenger messenger,
    CardCopies copies,
    IDeliveryLog deliveries,
    IDirectoryClient directory,
    Evidence.EvidenceSettlement settlement,
    DecisionAnnouncements announcements,
    IOptions<ReviewCycleOptions> options,
    TimeProvider time,
    WorkspaceLinks links,
    ILogger<ReviewCycleService> logger)
{
    public static readonly EvidenceKind ReminderKind = EvidenceKind.Notification;

    public static string Subject(string cycleId) => "review-cycle:" + cycleId;

    /// <summary>The subject under which every copy of a task's card is tracked (the first card and each reminder).</summary>
    public static string TaskSubject(string taskId) => "review-task:" + taskId;

    /// <summary>Opens the current period of every cycle whose period has begun and is not open yet; returns the tasks opened by this run.</summary>
    public async Task<int> OpenDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var opened = 0;
        await foreach (var cycle in cycles.ListCyclesAsync(cancellationToken))
        {
            if (!ReviewCadence.TryParse(cycle.Cadence, out var cadence, out var error))
            {
                logger.LogWarning("Review cycle {CycleId} has an unusable cadence {Cadence}: {Error}", cycle.Id, cycle.Cadence, error);
                continue;
            }

            var zone = ReviewCadence.FindZone(cycle.TimeZone ?? options.Value.TimeZone) ?? TimeZoneInfo.Utc;
            if (cadence!.PeriodAt(now, zone) is not { } current)
            {
                continue;
            }

            var periodId = ReviewPeriod.IdFor(cycle.Id, current.Key);
            var existing = await cycles.GetPeriodAsync(periodId, cancellationToken);
            if (existing?.Period.Status == ReviewPeriodStatus.Closed)
            {
                continue;
            }

            if (existing is null && await cycles.TryOpenPeriodAsync(new ReviewPeriod(periodId, cycle.Id, current.Key, now, now.AddDays(cycle.DaysAllowed)), cancellationToken))
            {
                logger.LogInformation("Review cycle {CycleId} period {Period} opened", cycle.Id, current.Key);
            }

            // Every run (also the one that lost the period insert) tries each task: the conditional insert lets exactly one send it,
            // and a run that stopped half way is completed by the next.
            var period = (await cycles.GetPeriodAsync(periodId, cancellationToken))!.Period;
            var (clauses, controls) = ReviewKinds.References(cycle.Kind);
            foreach (var item in await items.ForCycleAsync(cycle, cancellationToken))
            {
                var task = new ReviewTask(TaskId(cycle.Id, current.Key, item), cycle.Id, cycle.Kind, cycle.Title, current.Key, item.Key, item.Name, item.OwnerObjectId,
                    clauses, controls, now, period.EndsAt);
                if (await cycles.TryOpenTaskAsync(task, cancellationToken))
                {
                    opened++;
                    await FlagAssessmentAsync(task, cancellationToken);
                    await SendAsync(task, null, cancellationToken);
                }
            }
        }

        return opened;
    }

    /// <summary>
    /// Opens an out-of-cycle impact assessment review (6.1.4, 8.4) of one AI system for its owner (or the AIMS managers when it has
    /// none), once per change: the task id is derived from the system and <paramref name="reason"/>. Returns the tasks this call
    /// opened (empty when they were already open or the system does not exist).
    /// </summary>
    public async Task<IReadOnlyList<ReviewTask>> OpenOutOfCycleReviewAsync(string systemId, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(systemId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var system = (await systems.GetAsync(systemId, cancellationToken))?.System;
        if (system is null || system.Retired)
        {
            logger.LogWarning("Out-of-cycle review of {SystemId} not opened: no such active AI system", systemId);
            return [];
        }

        var now = time.GetUtcNow();
        var change = "change-" + Hash(systemId + "\n" + reason);
        var owners = string.IsNullOrWhiteSpace(system.Details.OwnerObjectId) ? await items.RoleMembersAsync(AimsRole.AimsManager, cancellationToken) : [system.Details.OwnerObjectId];
        var (clauses, controls) = ReviewKinds.References(ReviewKind.ImpactAssessmentReview);
        var opened = new List<ReviewTask>();
        foreach (var owner in owners)
        {
            var item = new ReviewItem(ReviewItems.SystemKey(system.Id), system.Name, owner);
            var task = new ReviewTask(TaskId(ReviewTask.OutOfCycle, change, item), ReviewTask.OutOfCycle, ReviewKind.ImpactAssessmentReview,
                $"Impact assessment of {system.Name} after a significant change", change, item.Key, item.Name, owner, clauses, controls, now,
                now.AddDays(options.Value.OutOfCycleDaysAllowed), CardText.Truncate(reason, 800));
            if (await cycles.TryOpenTaskAsync(task, cancellationToken))
            {
                opened.Add(task);
                await FlagAssessmentAsync(task, cancellationToken);
                await evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.ReviewOutcome, Subject(ReviewTask.OutOfCycle), Actor.System, clauses, controls, task.Id,
                    Summary($"Out-of-cycle impact assessment review of {system.Name} ({system.Id}) opened for {owner}: {reason}"), task, now, RegisterJson.Options), cancellationToken);
                await SendAsync(task, null, cancellationToken);
            }
        }

        logger.LogInformation("Out-of-cycle review of {SystemId} ({Change}): {Opened} tasks opened", systemId, change, opened.Count);
        return opened;
    }

    /// <summary>
    /// Opens an out-of-cycle impact assessment review for every system whose latest approved assessment reached its review date
    /// (its own, or the one set by its last re-assessment), once per date. Returns the tasks opened.
    /// </summary>
    public async Task<int> OpenReviewDatesDueAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var opened = 0;
        foreach (var system in (await assessments.ListForSystemAsync(null, cancellationToken)).Select(v => v.Assessment).GroupBy(a => a.AiSystemId, StringComparer.OrdinalIgnoreCase))
        {
            if (ImpactAssessmentWorkflow.LatestApproved(system) is { NextReviewDate: { } due } latest && due <= today)
            {
                opened += (await OpenOutOfCycleReviewAsync(latest.AiSystemId, $"Review date {due:yyyy-MM-dd} of impact assessment {latest.Id} version {latest.Version} reached", cancellationToken)).Count;
            }
        }

        return opened;
    }

    /// <summary>Flags the system's approved assessment for review when an impact assessment review task opens (the card and the gate show it).</summary>
    private async Task FlagAssessmentAsync(ReviewTask task, CancellationToken cancellationToken)
    {
        if (task.Kind != ReviewKind.ImpactAssessmentReview || !task.ItemKey.StartsWith("ai-system:", StringComparison.Ordinal))
        {
            return;
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await items.LatestApprovedAssessmentAsync(task.ItemKey["ai-system:".Length..], cancellationToken) is not { } latest
                || latest.Assessment.ReviewRequested is { } already && already.DueAt <= task.DueAt)
            {
                return;
            }

            var request = new AssessmentReviewRequest(task.Id, task.Reason ?? $"{task.Title} {task.Period}", task.OpenedAt, task.DueAt);
            try
            {
                await assessments.UpdateAsync(latest.Assessment with { ReviewRequested = request }, latest.ETag, cancellationToken);
                return;
            }
            catch (ConcurrencyConflictException)
            {
            }
        }
    }

    /// <summary>
    /// Completes the open impact assessment reviews of the assessed system once it was re-assessed (a new version approved, or
    /// reviewed with no change). The task records the re-assessment and is recorded by the AIMS itself: the re-assessment is
    /// the evidence for 6.1.4, 8.4 and A.5, not the task that asked for it.
    /// </summary>
    public async Task<int> CompleteByReassessmentAsync(ImpactAssessment assessment, bool changed, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(actor);
        var key = ReviewItems.SystemKey(assessment.AiSystemId);
        var open = new List<ReviewTask>();
        await foreach (var task in cycles.ListOpenTasksAsync(cancellationToken))
        {
            if (task.Kind == ReviewKind.ImpactAssessmentReview && task.ItemKey == key) open.Add(task);
        }

        var completed = 0;
        var now = time.GetUtcNow();
        var how = changed
            ? $"Re-assessed: {assessment.Id} version {assessment.Version} approved by {assessment.DecidedByName ?? actor.DisplayName}"
            : $"Re-assessed: {assessment.Id} reviewed with no change by {actor.DisplayName}: {assessment.Reviews[^1].Reason}";
        foreach (var task in open)
        {
            if (await cycles.GetTaskAsync(task.Id, cancellationToken) is not { Task.IsDone: false } current)
            {
                continue;
            }

            var done = current.Task with
            {
                Status = changed ? ReviewTaskStatus.ChangesNeeded : ReviewTaskStatus.ReviewedNoChange, Comment = CardText.Truncate(how, 1000),
                DecidedBy = actor.ObjectId, DecidedAt = now, RecordId = $"impact-assessment:{assessment.Id}:{assessment.Revision}",
            };
            if (await cycles.TryUpdateTaskAsync(done, current.ETag, cancellationToken))
            {
                completed++;
                await SettleAsync(done, actor, cancellationToken);
            }
        }

        return completed;
    }

    /// <summary>
    /// Answers a supplier review task with a supplier assessment (A.10.3): only the task's owner, who must still own the system
    /// or hold the cycle's responsible role (or be an AIMS manager). The assessment is recorded on the supplier's record once
    /// per task (a retry or a second press finds it), then the task is completed naming it.
    /// </summary>
    public async Task<AdaptiveCard> AssessSupplierAsync(string taskId, Actor actor, AssessmentOutcome? outcome, string? summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = await cycles.GetTaskAsync(taskId, cancellationToken) ?? throw new CardActionException($"Review task {taskId} no longer exists.");
        var task = current.Task;
        if (task.IsDone || !ReviewItems.TryParseSupplierKey(task.ItemKey, out var partyId, out var systemId))
        {
            var pending = task.IsDone && string.Equals(task.DecidedBy, actor.ObjectId, StringComparison.OrdinalIgnoreCase) && !await SettleAsync(task, actor, cancellationToken);
            return await CardAsync(task, pending ? Evidence.EvidenceSettlement.PendingNotice : task.IsDone ? "Already decided." : "This review is not a supplier review.", cancellationToken);
        }

        if (!string.Equals(task.OwnerObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            return await CardAsync(task, "Not allowed: only the person this review was assigned to can answer it.", cancellationToken);
        }

        var system = (await systems.GetAsync(systemId, cancellationToken))?.System;
        if (!string.Equals(system?.Details.OwnerObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            var role = (await cycles.GetCycleAsync(task.CycleId, cancellationToken))?.ResponsibleRole ?? AimsRole.AimsManager;
            var held = (await roles.GetRolesAsync(actor.ObjectId, RoleFreshness.Current, cancellationToken)).Roles;
            if (!held.Contains(role) && !held.Contains(AimsRole.AimsManager))
            {
                return await CardAsync(task, $"Not allowed: you no longer own {system?.Name ?? systemId} nor hold the {role} role this review was assigned by.", cancellationToken);
            }
        }

        Versioned<ThirdParty> assessed;
        try
        {
            assessed = await parties.AssessForReviewAsync(partyId, new SupplierAssessmentInput(outcome, summary), actor, task.Id, cancellationToken);
        }
        catch (RecordValidationException ex)
        {
            return await CardAsync(task, string.Join(" ", ex.Errors.SelectMany(e => e.Value)), cancellationToken);
        }
        catch (KeyNotFoundException ex)
        {
            return await CardAsync(task, ex.Message, cancellationToken);
        }

        var assessment = assessed.Value.Assessments.Last(a => a.ReviewTaskId == task.Id);
        var decided = task with
        {
            Status = assessment.Outcome == AssessmentOutcome.Satisfactory ? ReviewTaskStatus.ReviewedNoChange : ReviewTaskStatus.ChangesNeeded,
            Comment = CardText.Truncate($"Supplier assessment: {assessment.Outcome}. {assessment.Summary}", 1000), DecidedBy = actor.ObjectId, DecidedAt = assessment.AssessedAt,
            RecordId = $"{ThirdParties.ThirdPartyService.Subject(partyId)}:{assessment.AssessedAt.UtcTicks}",
        };
        if (!await cycles.TryUpdateTaskAsync(decided, current.ETag, cancellationToken))
        {
            var latest = (await cycles.GetTaskAsync(taskId, cancellationToken))?.Task ?? task;
            return await CardAsync(latest, "Already decided.", cancellationToken);
        }

        var settled = await SettleAsync(decided, actor, cancellationToken);
        return await CardAsync(decided, settled ? null : Evidence.EvidenceSettlement.PendingNotice, cancellationToken);
    }

    /// <summary>
    /// The owner's answer to a review task. Only the owner; a second press (or a retry) finds it decided and records nothing new. The
    /// answer and its evidence are recorded here and the answered card returned at once; replacing every copy of the task's card
    /// and closing the period when it was the last task are announced from the decision-announcements queue.
    /// </summary>
    public async Task<AdaptiveCard> DecideAsync(string taskId, Actor actor, ReviewTaskStatus outcome, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = await cycles.GetTaskAsync(taskId, cancellationToken) ?? throw new CardActionException($"Review task {taskId} no longer exists.");
        var task = current.Task;
        if (task.IsDone)
        {
            // A retry of the owner's own press: complete what the first attempt may not have (evidence, the queued announcement).
            var pending = string.Equals(task.DecidedBy, actor.ObjectId, StringComparison.OrdinalIgnoreCase) && !await SettleAsync(task, actor, cancellationToken);
            return await CardAsync(task, pending ? Evidence.EvidenceSettlement.PendingNotice : "Already decided.", cancellationToken);
        }

        if (!string.Equals(task.OwnerObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning("Review task {TaskId}: {ObjectId} is not its owner; refused", task.Id, actor.ObjectId);
            return await CardAsync(task, "Not allowed: only the person this review was assigned to can answer it.", cancellationToken);
        }

        if (ReviewTaskCard.AnsweredByRecord(task) is { } how)
        {
            return await CardAsync(task, how, cancellationToken);
        }

        if (outcome == ReviewTaskStatus.ChangesNeeded && string.IsNullOrWhiteSpace(comment))
        {
            return await CardAsync(task, "Say what must change.", cancellationToken);
        }

        if (comment is { Length: > 1000 })
        {
            return await CardAsync(task, "At most 1000 characters.", cancellationToken);
        }

        var now = time.GetUtcNow();
        var decided = task with { Status = outcome, Comment = outcome == ReviewTaskStatus.ChangesNeeded ? comment!.Trim() : null, DecidedBy = actor.ObjectId, DecidedAt = now };
        if (!await cycles.TryUpdateTaskAsync(decided, current.ETag, cancellationToken))
        {
            var latest = (await cycles.GetTaskAsync(taskId, cancellationToken))?.Task ?? task;
            return await CardAsync(latest, "Already decided.", cancellationToken);
        }

        var settled = await SettleAsync(decided, actor, cancellationToken);
        return await CardAsync(decided, settled ? null : Evidence.EvidenceSettlement.PendingNotice, cancellationToken);
    }

    /// <summary>The key of a task's decision: a task is answered once, so its decision time identifies it whoever re-queues it.</summary>
    public static string DecisionKey(ReviewTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.DecidedAt is { } at ? at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "open";
    }

    /// <summary>
    /// What an answered task announces, run from the queue: the period closed if this was its last task, and every copy of the
    /// task's card (the first one and each reminder) replaced with the answered one, each copy once per decision.
    /// </summary>
    internal async Task AnnounceAsync(ReviewTask task, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (task.CycleId != ReviewTask.OutOfCycle)
        {
            await CloseIfDueAsync(ReviewPeriod.IdFor(task.CycleId, task.Period), cancellationToken);
        }

        await copies.UpdateAllAsync(TaskSubject(task.Id), await CardAsync(task, null, cancellationToken), cancellationToken, idempotencyKey);
    }

    /// <summary>
    /// Records the answer's evidence (the same content every time, so recording it again finds the same item) and then queues its
    /// announcement; false when evidence storage does not answer (a retry of the press completes it).
    /// </summary>
    private Task<bool> SettleAsync(ReviewTask decided, Actor actor, CancellationToken cancellationToken) =>
        settlement.TrySettleAsync($"Review task {decided.Id}", OutcomeEvidence(decided, actor), _ => Task.CompletedTask, cancellationToken,
            ct => announcements.EnqueueAsync(ReviewTaskAnnouncer.KindName, decided.Id, DecisionKey(decided), ct));

    // A task completed by a record (supplier assessment, re-assessment) is recorded by the AIMS: the record is what counts.
    private static NewEvidence OutcomeEvidence(ReviewTask decided, Actor actor) =>
        NewEvidence.FromJson(EvidenceKind.ReviewOutcome, Subject(decided.CycleId), decided.RecordId is null ? actor : Actor.System, decided.Clauses, decided.Controls, decided.Id,
            Summary($"{ReviewKinds.Describe(decided.Kind)} {decided.Period} of {decided.ItemName}: {(decided.RecordId is not null ? decided.Comment : decided.Status == ReviewTaskStatus.ChangesNeeded ? "changes needed: " + decided.Comment : "reviewed, no change")} ({actor.DisplayName})"),
            decided, decided.DecidedAt!.Value, RegisterJson.Options);

    /// <summary>Reminds owners of overdue tasks (one round every <see cref="ReviewCycleOptions.ReminderIntervalDays"/>) and escalates once; each round is evidence.</summary>
    public async Task<(int Reminded, int Escalated)> FollowUpAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        int reminded = 0, escalated = 0;
        var tasks = new List<ReviewTask>();
        await foreach (var task in cycles.ListOpenTasksAsync(cancellationToken))
        {
            tasks.Add(task);
        }

        IReadOnlyList<string>? managers = null;
        foreach (var task in tasks.Where(t => t.IsOverdue(now)))
        {
            var overdueDays = (int)(now - task.DueAt).TotalDays;
            var round = overdueDays / Math.Max(1, o.ReminderIntervalDays);
            var reminderKey = $"review-reminder:{task.Id}:{round}";
            if (await deliveries.TryClaimAsync(reminderKey, task.OwnerObjectId, cancellationToken))
            {
                await RecordFollowUpAsync(task, $"Reminder {round + 1} for overdue review task {task.Id} ({task.ItemName}): {overdueDays} days overdue", reminderKey, now, cancellationToken);
                var result = await SendAsync(task, $"Reminder: this review was due on {task.DueAt.UtcDateTime:yyyy-MM-dd} and is {overdueDays} day(s) overdue.", cancellationToken);
                await deliveries.CompleteAsync(reminderKey, task.OwnerObjectId, result.Delivered ? "delivered" : "unreachable", result.ActivityId, cancellationToken);
                reminded += result.Delivered ? 1 : 0;
            }

            if (overdueDays < o.EscalateAfterDaysOverdue)
            {
                continue;
            }

            var escalationKey = $"review-escalation:{task.Id}";
            if (await deliveries.TryClaimAsync(escalationKey, "evidence", cancellationToken))
            {
                await RecordFollowUpAsync(task, $"Escalation of overdue review task {task.Id} ({task.ItemName}) to the AIMS managers: {overdueDays} days overdue", escalationKey, now, cancellationToken);
                await deliveries.CompleteAsync(escalationKey, "evidence", "recorded", null, cancellationToken);
            }

            managers ??= await items.RoleMembersAsync(AimsRole.AimsManager, cancellationToken);
            var recipients = managers.ToList();
            if (await OwnerManagerAsync(task.OwnerObjectId, cancellationToken) is { } ownerManager)
            {
                recipients.Add(ownerManager);
            }

            var names = await directory.GetDisplayNamesAsync([task.OwnerObjectId], cancellationToken);
            foreach (var recipient in recipients.Where(r => !string.Equals(r, task.OwnerObjectId, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!await deliveries.TryClaimAsync(escalationKey, recipient, cancellationToken))
                {
                    continue;
                }

                var card = ReviewTaskCard.Create(task, null, links, $"Escalation: {names(task.OwnerObjectId)} has not answered this review; it is {overdueDays} day(s) overdue.");
                card.Actions = null; // only the owner answers; the escalation informs
                var result = await messenger.SendCardAsync(recipient, card, cancellationToken);
                await deliveries.CompleteAsync(escalationKey, recipient, result.Delivered ? "delivered" : "unreachable", result.ActivityId, cancellationToken);
                escalated += result.Delivered ? 1 : 0;
            }
        }

        return (reminded, escalated);
    }

    /// <summary>Closes every open period whose tasks are all done or whose end date has passed.</summary>
    public async Task<int> CloseDueAsync(CancellationToken cancellationToken)
    {
        var open = new List<string>();
        await foreach (var period in cycles.ListOpenPeriodsAsync(cancellationToken))
        {
            open.Add(period.Period.Id);
        }

        var closed = 0;
        foreach (var id in open)
        {
            closed += await CloseIfDueAsync(id, cancellationToken) ? 1 : 0;
        }

        return closed;
    }

    /// <summary>The task card as the owner sees it now (facts and changes since the item's last completed review).</summary>
    public async Task<AdaptiveCard> CardAsync(ReviewTask task, string? notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        DateTimeOffset? since = null;
        await foreach (var other in cycles.ListTasksAsync(task.CycleId, cancellationToken))
        {
            if (other.Id != task.Id && other.ItemKey == task.ItemKey && other.DecidedAt is { } at && other.OpenedAt < task.OpenedAt && (since is null || at > since))
            {
                since = at;
            }
        }

        return ReviewTaskCard.Create(task, await items.ViewAsync(task, since, cancellationToken), links, notice);
    }

    internal async Task<bool> CloseIfDueAsync(string periodId, CancellationToken cancellationToken)
    {
        var current = await cycles.GetPeriodAsync(periodId, cancellationToken);
        if (current is not { Period.Status: ReviewPeriodStatus.Open })
        {
            return false;
        }

        var period = current.Period;
        var now = time.GetUtcNow();
        var tasks = new List<ReviewTask>();
        await foreach (var task in cycles.ListTasksAsync(period.CycleId, cancellationToken))
        {
            if (task.Period == period.Key)
            {
                tasks.Add(task);
            }
        }

        var allDone = tasks.Count > 0 && tasks.All(t => t.IsDone);
        if (!allDone && now < period.EndsAt)
        {
            return false;
        }

        var closedPeriod = period with { Status = ReviewPeriodStatus.Closed, ClosedAt = now };
        if (!await cycles.TryUpdatePeriodAsync(closedPeriod, current.ETag, cancellationToken))
        {
            return false; // another run or press closed it
        }

        var cycle = await cycles.GetCycleAsync(period.CycleId, cancellationToken);
        var kind = cycle?.Kind ?? tasks.FirstOrDefault()?.Kind ?? ReviewKind.RiskRegisterReview;
        var report = new ReviewClosureReport(period.Id, period.CycleId, cycle?.Title ?? period.CycleId, kind, period.Key, now, allDone, tasks.Count,
            tasks.Count(t => t.Status == ReviewTaskStatus.ReviewedNoChange), tasks.Count(t => t.Status == ReviewTaskStatus.ChangesNeeded), tasks.Count(t => !t.IsDone),
            [.. tasks.Where(t => t.Status == ReviewTaskStatus.ChangesNeeded).Select(t => new ReviewFinding(t.Id, t.ItemName, t.OwnerObjectId, t.Comment ?? string.Empty))],
            [.. tasks.Where(t => !t.IsDone).Select(t => $"{t.ItemName} ({t.OwnerObjectId})")]);
        var (clauses, controls) = ReviewKinds.References(kind);
        await evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.ReviewOutcome, Subject(period.CycleId), Actor.System, [.. clauses.Append("9.1").Distinct()], controls, period.Id,
            Summary($"{ReviewKinds.Describe(kind)} {period.Key} closed ({(allDone ? "all done" : "end date")}): {report.ReviewedNoChange} no change, {report.ChangesNeeded} changes needed, {report.Overdue} not done"),
            report, now, RegisterJson.Options), cancellationToken);
        logger.LogInformation("Review period {PeriodId} closed: {Tasks} tasks, {ChangesNeeded} changes needed, {Overdue} not done", period.Id, report.Tasks, report.ChangesNeeded, report.Overdue);

        var names = await directory.GetDisplayNamesAsync(tasks.Select(t => t.OwnerObjectId), cancellationToken);
        var card = ReviewClosureCard.Create(report, names);
        foreach (var manager in await items.RoleMembersAsync(AimsRole.AimsManager, cancellationToken))
        {
            var key = "review-closure:" + period.Id;
            if (await deliveries.TryClaimAsync(key, manager, cancellationToken))
            {
                var result = await messenger.SendCardAsync(manager, card, cancellationToken);
                await deliveries.CompleteAsync(key, manager, result.Delivered ? "delivered" : "unreachable", result.ActivityId, cancellationToken);
            }
        }

        return true;
    }

    private async Task<DeliveryResult> SendAsync(ReviewTask task, string? notice, CancellationToken cancellationToken)
    {
        return await copies.SendAsync(TaskSubject(task.Id), task.OwnerObjectId, await CardAsync(task, notice, cancellationToken), cancellationToken);
    }

    private Task RecordFollowUpAsync(ReviewTask task, string summary, string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        evidence.RecordAsync(NewEvidence.FromJson(ReminderKind, Subject(task.CycleId), Actor.System, [.. task.Clauses.Append("9.1").Distinct()], task.Controls, key,
            Summary(summary), new { key, task }, now, RegisterJson.Options), cancellationToken);

    /// <summary>The owner's line manager from the directory; a directory that does not answer skips them (the AIMS managers still hear).</summary>
    private async Task<string?> OwnerManagerAsync(string ownerObjectId, CancellationToken cancellationToken)
    {
        try
        {
            return (await directory.GetManagerAsync(ownerObjectId, cancellationToken))?.ObjectId;
        }
        catch (DirectoryUnavailableException ex)
        {
            logger.LogWarning(ex, "Manager of {ObjectId} unknown: the directory did not answer", ownerObjectId);
            return null;
        }
    }

    /// <summary>Task ids stay short and table-key safe whatever the item key or owner id holds.</summary>
    private static string TaskId(string cycleId, string period, ReviewItem item) => $"{cycleId}-{period}-{Hash(item.Key + "|" + item.OwnerObjectId.ToLowerInvariant())}";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static string Summary(string text)
    {
        var clean = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return clean.Length <= 900 ? clean : clean[..900].TrimEnd() + "…";
    }
}

public sealed class ReviewTaskCardActions(ReviewCycleService service) : ICardActionHandler
{
    public string Verb => "reviewtask.";

    public Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Verb is not (ReviewTaskCard.VerbNoChange or ReviewTaskCard.VerbChanges or ReviewTaskCard.VerbAssessSupplier))
        {
            throw new CardActionException($"'{context.Verb}' is not an action of review tasks.");
        }

        var data = context.Bind<ReviewTaskDecisionData>();
        if (context.Verb == ReviewTaskCard.VerbAssessSupplier)
        {
            AssessmentOutcome? outcome = Enum.TryParse<AssessmentOutcome>(data.AssessmentOutcome, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(data.AssessmentOutcome, out _) ? parsed : null;
            return service.AssessSupplierAsync(data.TaskId, context.Actor, outcome, data.AssessmentSummary, context.Turn.CancellationToken);
        }

        return context.Verb == ReviewTaskCard.VerbNoChange
            ? service.DecideAsync(data.TaskId, context.Actor, ReviewTaskStatus.ReviewedNoChange, null, context.Turn.CancellationToken)
            : service.DecideAsync(data.TaskId, context.Actor, ReviewTaskStatus.ChangesNeeded, data.ChangesComment, context.Turn.CancellationToken);
    }
}

/// <summary>Opens an out-of-cycle impact assessment review when the register reports a significant change.</summary>
public sealed class OutOfCycleImpactReview(ReviewCycleService service) : ISignificantChangeObserver
{
    public Task OnSignificantChangeAsync(AiSystem system, IReadOnlyList<string> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        return service.OpenOutOfCycleReviewAsync(system.Id, "Significant change: " + string.Join("; ", changes), cancellationToken);
    }
}

/// <summary>Completes the impact assessment reviews of a system when its assessment is re-assessed.</summary>
public sealed class ImpactReviewCompletion(ReviewCycleService service) : IImpactAssessmentReviewObserver
{
    public Task OnReassessedAsync(ImpactAssessment assessment, bool changed, Actor actor, CancellationToken cancellationToken = default) =>
        service.CompleteByReassessmentAsync(assessment, changed, actor, cancellationToken);
}

/// <summary>Daily: opens the review periods that have begun, reminds and escalates overdue tasks, closes finished periods.</summary>
public sealed class ReviewCycleJob(ReviewCycleService service, ILogger<ReviewCycleJob> logger) : IScheduledJob
{
    public string Name => AimsSchedules.ReviewCyclesJob;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var opened = await service.OpenDueAsync(cancellationToken) + await service.OpenReviewDatesDueAsync(cancellationToken);
        var (reminded, escalated) = await service.FollowUpAsync(cancellationToken);
        var closed = await service.CloseDueAsync(cancellationToken);
        logger.LogInformation("Review cycles: {Opened} tasks opened, {Reminded} reminders, {Escalated} escalations, {Closed} periods closed", opened, reminded, escalated, closed);
    }
}
