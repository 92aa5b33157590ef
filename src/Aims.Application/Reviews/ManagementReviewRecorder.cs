using Aims.Application.Evidence;
using Aims.Application.Work;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Records;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Aims.Core.Risks;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Reviews;

/// <summary>
/// Records a management review (9.3) as top management held it: date, attendees, the digest it considered, the conclusion on the
/// AIMS's suitability, adequacy and effectiveness, and its decisions, each tied to an opportunity (accepted into an action or
/// declined) or to an action that changes the AIMS. The record and its evidence are written first; the actions it decides and the
/// opportunities it settles are derived from it (by ids taken from the record), so a retry, or the queued announcement, completes
/// them. A review is closed once every action it decided is done.
/// </summary>
public sealed class ManagementReviewRecorder(
    IRecordStore<ManagementReviewRecord> reviews,
    IDigestArchive archive,
    ILeadershipItems items,
    ManagementReviewService service,
    RoleResolver roles,
    OwedRecordWriter writer,
    DecisionAnnouncements announcements,
    TimeProvider time,
    ILogger<ManagementReviewRecorder> logger)
{
    public static readonly string[] RecordClauses = ["5.1", "9.3", "9.3.1", "9.3.2", "9.3.3"];
    public static readonly string[] ClosureClauses = ["9.3", "9.3.3", "10.1"];

    /// <summary>The announcement key of a recorded review (the digest's responses use the item id).</summary>
    public const string RecordKeyPrefix = "record:";

    public Task<Versioned<ManagementReviewRecord>?> GetAsync(string digestId, CancellationToken cancellationToken) => reviews.GetAsync(digestId, cancellationToken);

    public IAsyncEnumerable<Versioned<ManagementReviewRecord>> ListAsync(CancellationToken cancellationToken) => reviews.ListAsync(cancellationToken);

    /// <summary>
    /// Records the review of <paramref name="digestId"/>. Only top management (roles resolved now). A second record of the same
    /// review is refused; the same request again (a retried press) completes what the first left undone and returns it.
    /// </summary>
    public async Task<(Versioned<ManagementReviewRecord> Record, bool EvidencePending)> RecordAsync(string digestId, Actor actor, ManagementReviewRecordForm form, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(form);
        await roles.RequireAsync(actor.ObjectId, [AimsRole.TopManagement], "record a management review", cancellationToken);
        var digest = await archive.GetAsync(digestId, cancellationToken) ?? throw new KeyNotFoundException($"Digest {digestId} is not in the archive.");
        var key = RecordKeyPrefix + requestId;
        if (await reviews.GetAsync(digestId, cancellationToken) is { } existing)
        {
            if (SameRequest(existing, requestId))
            {
                await CompleteAsync(existing.Value, cancellationToken);
                var (settled, pending) = await writer.TrySettleAsync(reviews, digestId, existing, cancellationToken, Announce(key));
                return (settled, pending);
            }

            throw new ConcurrencyConflictException($"The review of digest {digestId} was recorded on {existing.Value.RecordedAt:yyyy-MM-dd} by {existing.Value.RecordedByName}.");
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var open = new List<string>();
        await foreach (var item in items.ListAllAsync(cancellationToken))
        {
            if (item.IsOpenOpportunity)
            {
                open.Add(item.Id);
            }
        }

        var leaders = digest.TopManagement ?? await service.TopManagementAsync(cancellationToken);
        var errors = ManagementReviewRules.Validate(form.HeldOn, form.Attendees ?? [], form.Suitable, form.Adequate, form.Effective, form.Conclusion,
            form.Decisions ?? [], DateOnly.FromDateTime(digest.At.UtcDateTime), today, leaders, open);
        if (errors.Count == 0)
        {
            errors = await PeopleProblemsAsync(form, cancellationToken);
        }

        if (errors.Count > 0)
        {
            throw new RecordValidationException(errors);
        }

        var names = await service.PeopleNamesAsync(form.Attendees!, cancellationToken);
        var decisions = (form.Decisions ?? []).Select((d, i) => new ReviewDecision(
            $"{DecisionIdPrefix(digestId, requestId)}{i + 1}", d.Text!.Trim(), d.Topic!.Value,
            d.Topic == ReviewDecisionTopic.ImprovementOpportunity ? d.OpportunityId : null,
            d.Topic == ReviewDecisionTopic.ImprovementOpportunity && d.Decline,
            string.IsNullOrWhiteSpace(d.ActionText) ? null : $"{digestId}-action-{requestId}-{i + 1}")
        {
            ActionText = d.ActionText?.Trim(),
            ActionOwner = d.ActionOwner?.Trim(),
            ActionDue = d.ActionDue,
        }).ToList();
        var record = new ManagementReviewRecord(
            digestId, form.HeldOn!.Value, [.. form.Attendees!.Distinct(StringComparer.OrdinalIgnoreCase).Select(a => new ReviewAttendee(a, names(a)))],
            form.Suitable!.Value, form.Adequate!.Value, form.Effective!.Value, form.Conclusion!.Trim(), decisions,
            actor.ObjectId, actor.DisplayName, time.GetUtcNow()) { RequestId = requestId };
        var added = await reviews.TryAddAsync(digestId, record, cancellationToken)
            ?? throw new ConcurrencyConflictException($"The review of digest {digestId} was recorded meanwhile by someone else.");
        var owing = await reviews.ReplaceOwingAsync(digestId, record, added.ETag, RecordEvidence(record), cancellationToken);
        await CompleteAsync(record, cancellationToken);
        logger.LogInformation("Management review {DigestId} recorded by {ObjectId}: {Decisions} decisions", digestId, actor.ObjectId, decisions.Count);
        return await writer.TrySettleAsync(reviews, digestId, owing, cancellationToken, Announce(key));
    }

    /// <summary>Attendees and action owners picked by name are checked again: each must be a person of the directory.</summary>
    private async Task<IReadOnlyDictionary<string, string[]>> PeopleProblemsAsync(ManagementReviewRecordForm form, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (await service.NotPeopleAsync(form.Attendees ?? [], cancellationToken) is { Count: > 0 } strangers)
        {
            errors["attendees"] = [$"Attendees: {string.Join(", ", strangers.Take(5))} {(strangers.Count == 1 ? "is" : "are")} not a person of the directory."];
        }

        var decisions = form.Decisions ?? [];
        for (var i = 0; i < decisions.Count; i++)
        {
            if (decisions[i].ActionOwner is { Length: > 0 } owner && (await service.NotPeopleAsync([owner], cancellationToken)).Count > 0)
            {
                errors[decisions.Count == 1 ? "decision" : $"decisions[{i}]"] = [$"Action owner: '{owner}' is not a person of the directory."];
            }
        }

        return errors;
    }

    /// <summary>Closes a recorded review (top management or an AIMS manager) once every action it decided is done.</summary>
    public async Task<Versioned<ManagementReviewRecord>> CloseAsync(string digestId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await roles.RequireAsync(actor.ObjectId, [AimsRole.TopManagement, AimsRole.AimsManager], "close a management review", cancellationToken);
        var current = await reviews.GetAsync(digestId, cancellationToken) ?? throw new KeyNotFoundException($"No management review of digest '{digestId}' is recorded.");
        if (current.Value.Status == ManagementReviewStatus.Closed)
        {
            return current;
        }

        var open = new List<string>();
        foreach (var id in current.Value.ActionIds)
        {
            if (await items.GetAsync(id, cancellationToken) is not { Status: LeadershipItemStatus.Done })
            {
                open.Add(id);
            }
        }

        if (open.Count > 0)
        {
            throw new WorkflowRefusedException($"The review of digest {digestId} still has open actions: {string.Join(", ", open)}. It closes when they are done.");
        }

        var closed = current.Value with { Status = ManagementReviewStatus.Closed, ClosedByObjectId = actor.ObjectId, ClosedAt = time.GetUtcNow() };
        return await writer.ReplaceAsync(reviews, digestId, current, null, closed,
            NewEvidence.FromJson(EvidenceKind.ManagementReviewRecord, ManagementReviewService.Subject(digestId), actor, ClosureClauses, [], digestId + "-closed",
                $"Management review of digest {digestId} closed by {actor.DisplayName}: every decided action is done", closed, closed.ClosedAt, RegisterJson.Options),
            cancellationToken);
    }

    /// <summary>The settlement sweep's step: records what a stored review still owes, its announcement included.</summary>
    internal async Task<bool> TrySettleOwedAsync(string digestId, Versioned<ManagementReviewRecord> record, CancellationToken cancellationToken) =>
        !(await writer.TrySettleAsync(reviews, digestId, record, cancellationToken, Announce(RecordKeyPrefix + record.Value.RequestId))).Pending;

    internal IAsyncEnumerable<(string Id, Versioned<ManagementReviewRecord> Record)> ListOwingAsync(CancellationToken cancellationToken) => reviews.ListOwingAsync(cancellationToken);

    /// <summary>Whether the recorded review announced under <paramref name="decisionKey"/> exists; completes what it decided first.</summary>
    internal async Task<bool> PrepareAnnouncementAsync(string digestId, string decisionKey, CancellationToken cancellationToken)
    {
        if (await reviews.GetAsync(digestId, cancellationToken) is not { } record || !SameRequest(record, decisionKey[RecordKeyPrefix.Length..]))
        {
            return false;
        }

        await CompleteAsync(record.Value, cancellationToken);
        return true;
    }

    /// <summary>The actions and opportunity outcomes a record decided, each written once under its id (adding twice changes nothing).</summary>
    private async Task CompleteAsync(ManagementReviewRecord record, CancellationToken cancellationToken)
    {
        foreach (var decision in record.Decisions)
        {
            if (decision.ActionId is { } actionId)
            {
                await items.AddAsync(new LeadershipItem(actionId, record.DigestId, LeadershipItemKind.Action, decision.ActionText ?? decision.Text,
                    record.RecordedByObjectId, record.RecordedByName, record.RecordedAt, decision.ActionOwner, decision.ActionDue), cancellationToken);
            }

            if (decision.OpportunityId is { } opportunityId && await items.GetAsync(opportunityId, cancellationToken) is { } opportunity && opportunity.IsOpenOpportunity)
            {
                await items.UpdateAsync(opportunity with
                {
                    Status = LeadershipItemStatus.Done,
                    DoneAt = record.RecordedAt,
                    DecidedInReview = record.DigestId,
                    Declined = decision.OpportunityDeclined,
                    ActionId = decision.ActionId,
                }, cancellationToken);
            }
        }
    }

    private static bool SameRequest(Versioned<ManagementReviewRecord> record, string requestId) =>
        string.Equals(record.Value.RequestId, requestId, StringComparison.Ordinal);

    private static string DecisionIdPrefix(string digestId, string requestId) => $"{digestId}-decision-{requestId}-";

    private AnnouncementOwed<ManagementReviewRecord> Announce(string key) =>
        (id, _) => ct => announcements.EnqueueAsync(ManagementReviewAnnouncer.KindName, id, key, ct);

    private static NewEvidence RecordEvidence(ManagementReviewRecord record) =>
        NewEvidence.FromJson(
            EvidenceKind.ManagementReviewRecord, ManagementReviewService.Subject(record.DigestId), new Actor(record.RecordedByObjectId, record.RecordedByName),
            RecordClauses, [], record.DigestId,
            ManagementReviewService.Summary($"Management review of {record.HeldOn:yyyy-MM-dd} (digest {record.DigestId}), {record.Attendees.Count} attendees: suitable {record.Suitable}, adequate {record.Adequate}, effective {record.Effective}; {record.Decisions.Count} decisions. {record.Conclusion}"),
            record, record.RecordedAt, RegisterJson.Options);
}
