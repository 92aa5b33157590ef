using Aims.Application.Evidence;
using System.Globalization;
using Aims.Application.Proactive;
using Aims.Application.Training;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Documents;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Records;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Aims.Core.Training;
using Aims.Teams.Cards;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Documents;

/// <summary>The outcome of a periodic review of a controlled document.</summary>
public enum DocumentReviewOutcome
{
    NoChange,
    NewVersionNeeded,
}

/// <summary>What a decision did, for the card and the API.</summary>
public sealed record DocumentDecisionResult(Versioned<ControlledDocument> Current, string? Notice, IReadOnlyList<string> Republished);

/// <summary>
/// The document register (5.2, 7.5; A.2.2-A.2.4): documents with owner, type, review interval and controls; versions whose files
/// are stored as evidence (hashed, mirrored to SharePoint); approval in Teams with separation of duties (top management for the
/// AI policy); approval of a version that a training campaign attests to republishes that campaign (everyone attests again);
/// periodic review driven by review dates.
/// </summary>
public sealed class DocumentService(
    IRecordStore<ControlledDocument> documents,
    IEvidenceStore evidence,
    EvidenceSettlement settlement,
    RoleResolver roles,
    IDirectoryClient directory,
    RoleGroupOptions roleGroups,
    CardCopies cards,
    Work.DecisionAnnouncements announcements,
    ITrainingCampaignStore campaigns,
    TrainingService training,
    TimeProvider time,
    WorkspaceLinks links,
    ILogger<DocumentService> logger) : IDocumentsPastReviewSource
{
    public static EvidenceKind ChangeKind { get; } = EvidenceKind.DocumentChange;
    public static EvidenceKind DecisionKind { get; } = EvidenceKind.DocumentDecision;
    public static EvidenceKind ReviewKind { get; } = EvidenceKind.DocumentReview;

    public static string Subject(string id) => $"document:{id.ToUpperInvariant()}";

    public IRecordStore<ControlledDocument> Store => documents;

    public async Task<Versioned<ControlledDocument>> SaveAsync(string? id, DocumentRequest r, string? ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        await roles.RequireAsync(actor.ObjectId, [AimsRole.AimsManager], "manage controlled documents", cancellationToken);
        RecordValidationException.ThrowIfAny(DocumentValidator.Validate(r));
        var now = time.GetUtcNow();
        var controls = (r.Controls ?? []).Distinct(StringComparer.Ordinal).ToList();
        Versioned<ControlledDocument> stored;
        if (id is null)
        {
            var newId = await documents.NextIdAsync("DOC", cancellationToken);
            var doc = new ControlledDocument(newId, r.Title!.Trim(), r.Type!.Value, r.OwnerObjectId!.Trim(), r.ReviewIntervalMonths!.Value, r.ReviewDate, controls, [], now, now, actor.ObjectId);
            stored = await documents.TryAddAsync(newId, doc, cancellationToken) ?? throw new ConcurrencyConflictException($"'{newId}' exists already; try again.");
        }
        else
        {
            var current = await documents.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No document '{id}'.");
            if (ifMatch is { Length: > 0 } && !ETags.Same(ifMatch, current.ETag))
            {
                throw new ConcurrencyConflictException($"Document '{id}' was changed by someone else since you read it.");
            }

            var changed = current.Value with
            {
                Title = r.Title!.Trim(), Type = r.Type!.Value, OwnerObjectId = r.OwnerObjectId!.Trim(), ReviewIntervalMonths = r.ReviewIntervalMonths!.Value,
                ReviewDate = r.ReviewDate ?? current.Value.ReviewDate, Controls = controls, UpdatedAt = now, UpdatedBy = actor.ObjectId,
            };
            stored = await documents.ReplaceAsync(id, changed, current.ETag, cancellationToken);
        }

        var d = stored.Value;
        await RecordAsync(ChangeKind, d, actor, $"Document {d.Id} '{d.Title}' ({DocumentWorkflow.Describe(d.Type)}) {(id is null ? "registered" : "details changed")}, owner {d.OwnerObjectId}, reviewed every {d.ReviewIntervalMonths} months",
            new { action = id is null ? "register" : "update", document = d }, now, cancellationToken);
        return stored;
    }

    /// <summary>Adds a version: the file is stored as evidence (content-addressed, hashed) and the version starts as a draft.</summary>
    public async Task<Versioned<ControlledDocument>> AddVersionAsync(string id, string? version, string? changeSummary, string fileName, string contentType, ReadOnlyMemory<byte> file, Actor actor, CancellationToken cancellationToken)
    {
        var current = await documents.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No document '{id}'.");
        var doc = current.Value;
        await RequireOwnerOrManagerAsync(doc, actor, "add a version", cancellationToken);
        var errors = new Dictionary<string, string[]>();
        if (DocumentValidator.WhyNotVersion(version) is { } why) errors["version"] = [why];
        else if (doc.Find(version!.Trim()) is not null) errors["version"] = [$"Version '{version}' exists already; versions are never replaced."];
        if (file.Length == 0) errors["file"] = ["The file is empty."];
        else if (file.Length > DocumentValidator.MaxFileBytes) errors["file"] = [$"At most {DocumentValidator.MaxFileBytes / (1024 * 1024)} MB."];
        if (changeSummary is { Length: > 2000 }) errors["changeSummary"] = ["At most 2000 characters."];
        if (doc.Versions.Any(v => v.Status == DocumentStatus.InApproval)) errors["version"] = ["A version is waiting for approval; decide on it first."];
        RecordValidationException.ThrowIfAny(errors);

        var now = time.GetUtcNow();
        var label = version!.Trim();
        var safeName = SafeFileName(fileName);
        var item = await evidence.RecordAsync(new NewEvidence(EvidenceKind.UploadedDocument, Subject(doc.Id), actor.ForEvidence(), doc.EvidenceClauses, doc.EvidenceControls, $"{doc.Id}@{label}",
            NewEvidence.Summarise($"Document {doc.Id} '{doc.Title}' version {label} uploaded: {safeName} ({file.Length} bytes)"), file, string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType, now), cancellationToken);
        var added = new DocumentVersion(label, DocumentStatus.Draft, safeName, item.ContentType, file.Length, item.PayloadSha256, item.Id, string.IsNullOrWhiteSpace(changeSummary) ? null : changeSummary.Trim(),
            actor.ObjectId, actor.ForEvidence().DisplayName, now, []);
        return await documents.ReplaceAsync(doc.Id, doc with { Versions = [.. doc.Versions, added], UpdatedAt = now, UpdatedBy = actor.ObjectId }, current.ETag, cancellationToken);
    }

    public async Task<Versioned<ControlledDocument>> SubmitAsync(string id, string version, Actor actor, string requestId, CancellationToken cancellationToken)
    {
        var assignment = await roles.GetRolesAsync(actor.ObjectId, RoleFreshness.Current, cancellationToken);
        // Announced from the queue once the evidence is settled (see AnnouncementOwed).
        var (stored, _, _) = await ApplyAsync(
            id,
            d => DocumentWorkflow.Submit(d, version, actor, assignment.Roles, requestId, time.GetUtcNow()),
            // A new version of an approved document is a planned change of the AIMS (6.3): drafted, submitted, approved.
            d => Evidence(DecisionKind, d, actor, $"Document {d.Id} version {version} submitted for approval by {actor.ForEvidence().DisplayName} (approver role {d.ApproverRole})",
                new { action = "submit", version, document = d }, d.UpdatedAt, extraClauses: d.CurrentApproved is null ? [] : ["6.3"]),
            cancellationToken);
        return stored;
    }

    public async Task<DocumentDecisionResult> DecideAsync(string id, Actor actor, DocumentDecisionOutcome outcome, string? comment, string requestId, CancellationToken cancellationToken)
    {
        var assignment = await roles.GetRolesAsync(actor.ObjectId, RoleFreshness.Current, cancellationToken);
        string? version = null;
        var verb = outcome switch { DocumentDecisionOutcome.Approved => "approved", DocumentDecisionOutcome.Rejected => "rejected", _ => "sent back for changes" };
        var (stored, changed, pending) = await ApplyAsync(
            id,
            d =>
            {
                version = d.Versions.LastOrDefault(v => v.Status == DocumentStatus.InApproval)?.Version;
                return DocumentWorkflow.Decide(d, actor, assignment.Roles, outcome, comment, requestId, time.GetUtcNow());
            },
            d => Evidence(DecisionKind, d, actor, $"Document {d.Id} version {version} {verb} by {actor.ForEvidence().DisplayName} ({string.Join(", ", assignment.Roles.Order())}){(comment is { Length: > 0 } ? ": " + comment.Trim() : string.Empty)}",
                new { action = outcome.ToString(), version, comment, document = d }, d.UpdatedAt, policyReview: outcome == DocumentDecisionOutcome.Approved,
                // Top management approving the AI policy is leadership and commitment in action (5.1 a, b).
                extraClauses: outcome == DocumentDecisionOutcome.Approved && d.Type == DocumentType.AiPolicy ? ["5.1"] : []),
            cancellationToken);
        if (!changed)
        {
            return new DocumentDecisionResult(stored, pending ? EvidenceSettlement.PendingNotice : "This press was already recorded.", []);
        }

        var doc = stored.Value;
        var republished = outcome == DocumentDecisionOutcome.Approved ? await ReattestAsync(doc, actor, cancellationToken) : [];
        return new DocumentDecisionResult(stored, $"Version {version} {verb}." + (republished.Count > 0 ? $" Re-attestation started for {string.Join(", ", republished)}." : string.Empty)
            + (pending ? " " + EvidenceSettlement.PendingNotice : string.Empty), republished);
    }

    /// <summary>The periodic review (7.5.2; A.2.4 for the AI policy): no change moves the review date on; otherwise a new version is due.</summary>
    public async Task<Versioned<ControlledDocument>> ReviewAsync(string id, DocumentReviewOutcome outcome, string? comment, Actor actor, CancellationToken cancellationToken)
    {
        var current = await documents.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No document '{id}'.");
        var doc = current.Value;
        await RequireOwnerOrManagerAsync(doc, actor, "review it", cancellationToken);
        if (doc.CurrentApproved is null) throw new DocumentRefusedException($"Document {doc.Id} has no approved version to review yet.");
        if (outcome == DocumentReviewOutcome.NewVersionNeeded && string.IsNullOrWhiteSpace(comment)) throw new RecordValidationException(new Dictionary<string, string[]> { ["comment"] = ["Say what must change."] });
        if (comment is { Length: > 2000 }) throw new RecordValidationException(new Dictionary<string, string[]> { ["comment"] = ["At most 2000 characters."] });
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (outcome == DocumentReviewOutcome.NoChange && doc.ReviewDate > today && doc.LastReviewedAt is { } last && DateOnly.FromDateTime(last.UtcDateTime) == today)
        {
            return current; // Already reviewed today (a second press): nothing new to record.
        }

        var reviewed = outcome == DocumentReviewOutcome.NoChange
            ? doc with { ReviewDate = today.AddMonths(doc.ReviewIntervalMonths), LastReviewedAt = now, UpdatedAt = now, UpdatedBy = actor.ObjectId }
            : doc with { LastReviewedAt = now, UpdatedAt = now, UpdatedBy = actor.ObjectId };
        current = await SettleBeforeChangeAsync(doc.Id, current, cancellationToken);
        var stored = await documents.ReplaceOwingAsync(doc.Id, reviewed, current.ETag,
            Evidence(ReviewKind, reviewed, actor, $"Document {doc.Id} '{doc.Title}' version {doc.CurrentApproved.Version} reviewed by {actor.ForEvidence().DisplayName}: {(outcome == DocumentReviewOutcome.NoChange ? $"no change, next review {reviewed.ReviewDate:yyyy-MM-dd}" : "a new version is needed: " + comment!.Trim())}",
                new { action = "review", outcome = outcome.ToString(), comment, document = reviewed }, now, policyReview: true),
            cancellationToken);
        return (await TrySettleAsync(doc.Id, stored, cancellationToken)).Current;
    }

    /// <summary>For gaps and the digest: approved documents past their review date.</summary>
    public async Task<IReadOnlyList<string>> PastReviewAsync(CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var lines = new List<string>();
        await foreach (var d in documents.ListAsync(cancellationToken))
        {
            if (d.Value.IsPastReview(today))
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Value.Id} {d.Value.Title} (version {d.Value.CurrentApproved!.Version}): review was due {d.Value.ReviewDate:yyyy-MM-dd}"));
            }
        }

        return lines;
    }

    /// <summary>Whom the version in approval goes to: the approver role's members, minus whoever wrote or submitted it.</summary>
    public async Task<IReadOnlyList<string>> ApproversAsync(ControlledDocument doc, CancellationToken cancellationToken)
    {
        var v = doc.Versions.LastOrDefault(x => x.Status == DocumentStatus.InApproval);
        if (v is null) return [];
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { v.UploadedBy, v.SubmittedBy ?? string.Empty };
        var members = await directory.GetRoleMembersAsync(roleGroups, doc.ApproverRole, CardRefresh.MaxUserIds + excluded.Count, cancellationToken);
        return [.. members.Select(m => m.ObjectId).Where(m => !excluded.Contains(m)).Take(CardRefresh.MaxUserIds)];
    }

    /// <summary>The key of a document's latest decision (submission included): its request id.</summary>
    public static string? LatestDecisionKey(ControlledDocument doc) =>
        doc?.Versions.LastOrDefault(v => v.Decisions.Count > 0)?.Decisions[^1].RequestId;

    /// <summary>
    /// Updates every copy of the approval card, sends it to the approvers while a version waits, and tells the submitter the
    /// outcome. Runs from the decision-announcements queue; every message is claimed under <paramref name="idempotencyKey"/>.
    /// </summary>
    public async Task AnnounceAsync(ControlledDocument doc, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var subject = Subject(doc.Id);
        await cards.UpdateAllAsync(subject, DocumentApprovalCard.Create(doc, canDecide: false, links), cancellationToken, idempotencyKey);
        var pending = doc.Versions.LastOrDefault(x => x.Status == DocumentStatus.InApproval);
        if (pending is not null)
        {
            foreach (var approver in await ApproversAsync(doc, cancellationToken))
            {
                await cards.SendOnceAsync(subject, idempotencyKey, approver, DocumentApprovalCard.Create(doc, canDecide: true, links), cancellationToken, idempotencyKey);
            }
        }
        else if (doc.Latest?.SubmittedBy is { } submitter)
        {
            await cards.SendOnceAsync(subject, idempotencyKey + ":outcome", submitter, DocumentApprovalCard.Create(doc, canDecide: false, links, $"Your document {doc.Id} version {doc.Latest.Version} is now {doc.Latest.Status}."), cancellationToken, idempotencyKey);
        }
    }

    /// <summary>A decision owes its announcement with its evidence: queued while the debt is settled (see <see cref="EvidenceSettlement"/>).</summary>
    private Func<CancellationToken, Task>? AnnouncementOwed(string id, Versioned<ControlledDocument> current) =>
        current.Owed?.Kind == DecisionKind && LatestDecisionKey(current.Value) is { } key
            ? ct => announcements.EnqueueAsync(DocumentAnnouncer.KindName, id, key, ct)
            : null;

    /// <summary>Every launched campaign attesting to this document gets the new version: everyone attests again (7.3).</summary>
    private async Task<IReadOnlyList<string>> ReattestAsync(ControlledDocument doc, Actor approver, CancellationToken cancellationToken)
    {
        var approved = doc.CurrentApproved!;
        var republished = new List<string>();
        foreach (var c in await campaigns.ListAsync(cancellationToken))
        {
            var campaign = c.Campaign;
            if (campaign.State != CampaignState.Launched || !string.Equals(campaign.Material.DocumentId, doc.Id, StringComparison.OrdinalIgnoreCase)
                || string.Equals(campaign.Material.Version, approved.Version, StringComparison.Ordinal) || campaign.MaterialHistory.Any(m => m.Version == approved.Version))
            {
                continue;
            }

            try
            {
                var (_, audience) = await training.RepublishAsync(campaign.Id, new RepublishRequest(campaign.Material.Name, approved.Version, approved.Sha256), approver.ForEvidence(), cancellationToken);
                republished.Add(campaign.Id);
                logger.LogInformation("Document {DocumentId} version {Version} approved: campaign {CampaignId} republished to {Audience} people", doc.Id, approved.Version, campaign.Id, audience);
            }
            catch (Exception ex) when (ex is CampaignStateException or ConcurrencyConflictException)
            {
                logger.LogWarning(ex, "Campaign {CampaignId} could not be republished for document {DocumentId} {Version}", campaign.Id, doc.Id, approved.Version);
            }
        }

        return republished;
    }

    /// <summary>
    /// Applies a workflow step with the evidence it owes (one write, then the evidence). A step that changes nothing (a retry)
    /// completes evidence an earlier attempt could not write.
    /// </summary>
    private async Task<(Versioned<ControlledDocument> Stored, bool Changed, bool EvidencePending)> ApplyAsync(
        string id, Func<ControlledDocument, ControlledDocument> step, Func<ControlledDocument, NewEvidence> evidenceFor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await documents.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No document '{id}'.");
            var next = step(current.Value);
            if (ReferenceEquals(next, current.Value))
            {
                var (settled, pending) = await TrySettleAsync(id, current, cancellationToken);
                return (settled, false, pending);
            }

            try
            {
                current = await SettleBeforeChangeAsync(id, current, cancellationToken);
                var saved = await documents.ReplaceOwingAsync(id, next, current.ETag, evidenceFor(next), cancellationToken);
                var (stored, evidencePending) = await TrySettleAsync(id, saved, cancellationToken);
                return (stored, true, evidencePending);
            }
            catch (ConcurrencyConflictException)
            {
                // Someone else pressed at the same moment: read again; the workflow sees their step (and refuses or no-ops).
            }
        }

        throw new ConcurrencyConflictException($"Document '{id}' is changing too fast; try again.");
    }

    private async Task RequireOwnerOrManagerAsync(ControlledDocument doc, Actor actor, string action, CancellationToken cancellationToken)
    {
        if (!string.Equals(doc.OwnerObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            await roles.RequireAsync(actor.ObjectId, [AimsRole.AimsManager], $"{action} for a document you do not own", cancellationToken);
        }
    }

    private Task RecordAsync(EvidenceKind kind, ControlledDocument doc, Actor actor, string summary, object payload, DateTimeOffset at, CancellationToken cancellationToken, bool policyReview = false, string[]? extraClauses = null) =>
        evidence.RecordAsync(Evidence(kind, doc, actor, summary, payload, at, policyReview, extraClauses), cancellationToken);

    private static NewEvidence Evidence(EvidenceKind kind, ControlledDocument doc, Actor actor, string summary, object payload, DateTimeOffset at, bool policyReview = false, string[]? extraClauses = null)
    {
        var controls = policyReview && doc.Type == DocumentType.AiPolicy ? [.. doc.EvidenceControls.Append("A.2.4").Distinct(StringComparer.Ordinal)] : doc.EvidenceControls;
        var clauses = extraClauses is { Length: > 0 } ? [.. doc.EvidenceClauses.Concat(extraClauses).Distinct(StringComparer.Ordinal)] : doc.EvidenceClauses;
        return NewEvidence.FromJson(kind, Subject(doc.Id), actor.ForEvidence(), clauses, controls, doc.Id, NewEvidence.Summarise(summary), payload, at, RegisterJson.Options);
    }

    private async Task<Versioned<ControlledDocument>> SettleBeforeChangeAsync(string id, Versioned<ControlledDocument> current, CancellationToken cancellationToken)
    {
        if (current.Owed is null)
        {
            return current;
        }

        string? etag = null;
        await settlement.SettleBeforeChangeAsync($"Document {id}", current.Owed, async ct => etag = await documents.SettleAsync(id, current.ETag, ct), cancellationToken, AnnouncementOwed(id, current));
        return etag is null ? throw new ConcurrencyConflictException($"Document '{id}' was changed meanwhile; try again.") : current with { ETag = etag, Owed = null };
    }

    /// <summary>Records what the document owes, if anything; Pending when evidence storage still fails (the debt stays).</summary>
    internal async Task<(Versioned<ControlledDocument> Current, bool Pending)> TrySettleAsync(string id, Versioned<ControlledDocument> current, CancellationToken cancellationToken)
    {
        if (current.Owed is null)
        {
            return (current, false);
        }

        string? etag = null;
        var settled = await settlement.TrySettleAsync($"Document {id}", current.Owed, async ct => etag = await documents.SettleAsync(id, current.ETag, ct), cancellationToken, AnnouncementOwed(id, current));
        return settled ? (etag is null ? current : current with { ETag = etag, Owed = null }, false) : (current, true);
    }

    private static string SafeFileName(string? name)
    {
        var file = Path.GetFileName(name ?? string.Empty);
        var clean = new string([.. file.Where(c => !char.IsControl(c) && c is not ('/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|'))]).Trim();
        return clean.Length == 0 ? "document" : clean.Length > 200 ? clean[..200] : clean;
    }

}

/// <summary>Announces document decisions from the queue: the latest decision only (a superseded one is covered by the later one's event).</summary>
public sealed class DocumentAnnouncer(DocumentService service, ILogger<DocumentAnnouncer> logger) : Work.IDecisionAnnouncer
{
    public const string KindName = "document";

    public string Kind => KindName;

    public async Task AnnounceAsync(Work.DecisionAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var current = await service.Store.GetAsync(announcement.SubjectId, cancellationToken);
        if (current is null || !string.Equals(DocumentService.LatestDecisionKey(current.Value), announcement.DecisionKey, StringComparison.Ordinal))
        {
            logger.LogInformation("Document {DocumentId} decision {DecisionKey} is gone or superseded; not announced", announcement.SubjectId, announcement.DecisionKey);
            return;
        }

        await service.AnnounceAsync(current.Value, announcement.IdempotencyKey, cancellationToken);
    }
}
