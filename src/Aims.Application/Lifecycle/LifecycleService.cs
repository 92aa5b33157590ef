using Aims.Application.Evidence;
using Aims.Application.Proactive;
using Aims.Application.Register;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Documents;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Lifecycle;
using Aims.Core.Records;
using Aims.Core.Register;
using Aims.Core.Risks;
using Aims.Core.Soa;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Lifecycle;

/// <summary>Where a system stands in its life cycle: its stage, the next gate's criteria as they are now, and any open request.</summary>
public sealed record GateStatus(string SystemId, string SystemName, LifecycleStage Stage, LifecycleStage? Next, IReadOnlyList<GateCriterion> NextGateCriteria, GateRequest? OpenRequest, string? GateApproverObjectId, string? GateApproverName,
    string? ImpactAssessment = null);

/// <summary>What a gate press did, for the card and the API.</summary>
public sealed record GateDecisionResult(Versioned<GateRequest> Current, IReadOnlyList<GateCriterion> Criteria, string? Notice);

/// <summary>
/// The AI system life cycle as a workflow (A.6.2): a move to the next stage is a request decided by the system's gate
/// approver on a card in Teams, against criteria evaluated from the registers (documents with approved versions, the impact
/// assessment, risks, the SoA). A decision and its evidence are written with <see cref="EvidenceSettlement"/>; the approved
/// move of the system is then written through the register (its own evidence) and completed again from the announcement
/// queue if the press was interrupted.
/// </summary>
public sealed class LifecycleService(
    IAiSystemRegistry systems,
    RegisterService register,
    IRecordStore<GateRequest> requests,
    IRecordStore<SystemArtefact> artefacts,
    IRecordStore<ControlledDocument> documents,
    IImpactAssessmentStore assessments,
    IRiskRegister risks,
    RiskMatrix matrix,
    ISoaStore soa,
    IEvidenceStore evidence,
    OwedRecordWriter writer,
    RoleResolver roles,
    IDirectoryClient directory,
    Work.DecisionAnnouncements announcements,
    CardCopies cards,
    GateCriteriaOptions options,
    TimeProvider time,
    WorkspaceLinks links,
    ILogger<LifecycleService> logger)
{
    public const string RequestedKey = "requested";
    private static readonly string[] Clauses = ["8.1"];

    public IRecordStore<GateRequest> Requests => requests;

    public static string Subject(string requestId) => $"lifecycle-gate:{requestId}";

    /// <summary>The key of the request's latest step: its decision's press, or <see cref="RequestedKey"/> while it waits.</summary>
    public static string LatestKey(GateRequest request) => request?.DecisionKey ?? RequestedKey;

    public async Task<GateStatus> StatusAsync(string systemId, CancellationToken cancellationToken)
    {
        var system = await LoadSystemAsync(systemId, cancellationToken);
        var next = LifecycleGates.Next(system.Details.Stage);
        var facts = await FactsAsync(system, cancellationToken);
        var criteria = next is { } to ? LifecycleGates.Evaluate(to, facts, options) : [];
        var open = await OpenRequestAsync(system.Id, cancellationToken);
        var approver = system.Details.GateApproverObjectId is { } id ? await TryNameAsync(id, cancellationToken) ?? id : null;
        return new GateStatus(system.Id, system.Name, system.Details.Stage, next, criteria, open?.Value, system.Details.GateApproverObjectId, approver,
            await AssessmentStatusAsync(system.Id, facts, cancellationToken));
    }

    /// <summary>The approved assessment as the system card shows it: its version, when it is reviewed next, and whether that review is overdue or requested.</summary>
    private async Task<string?> AssessmentStatusAsync(string systemId, GateFacts facts, CancellationToken cancellationToken)
    {
        if (facts.ApprovedAssessmentId is not { } id || (await assessments.GetAsync(id, cancellationToken))?.Assessment is not { } a)
        {
            return null;
        }

        var text = $"{a.Id} version {a.Version} approved {a.DecidedAt!.Value.UtcDateTime:yyyy-MM-dd}; next review {(a.NextReviewDate is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "not set")}";
        if (facts.AssessmentReviewOverdue is { } overdue)
        {
            return $"{text}: overdue, {overdue}";
        }

        return a.ReviewRequested is { } r ? $"{text}; re-assessment requested, due {r.DueAt.UtcDateTime:yyyy-MM-dd} ({r.Reason})" : text;
    }

    /// <summary>The criteria of <paramref name="request"/>: as they were at its decision, or as they are now while it waits.</summary>
    public async Task<IReadOnlyList<GateCriterion>> CriteriaAsync(GateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.State != GateState.Pending)
        {
            return request.CriteriaAtDecision;
        }

        var system = await LoadSystemAsync(request.SystemId, cancellationToken);
        return LifecycleGates.Evaluate(request.To, await FactsAsync(system, cancellationToken), options);
    }

    /// <summary>Opens a gate request (the system's owner or an AIMS manager); one open request per system.</summary>
    public async Task<Versioned<GateRequest>> RequestAsync(string systemId, LifecycleStage? to, string? reason, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var system = await LoadSystemAsync(systemId, cancellationToken);
        await RegisterAccess.RequireManagerOrOwnerAsync(roles, actor, system, "request a life cycle gate for", cancellationToken);
        if (reason is { Length: > GateWorkflow.MaxReasonLength })
        {
            throw new RecordValidationException(new Dictionary<string, string[]> { ["reason"] = [$"The reason is at most {GateWorkflow.MaxReasonLength} characters."] });
        }

        var target = to ?? LifecycleGates.Next(system.Details.Stage) ?? throw new WorkflowRefusedException($"{system.Name} is retired; it has no next stage.");
        if (await OpenRequestAsync(system.Id, cancellationToken) is { } open)
        {
            throw new WorkflowRefusedException($"{open.Value.Id} to move {system.Name} to {LifecycleGates.Describe(open.Value.To)} is still waiting for its gate approver.");
        }

        var now = time.GetUtcNow();
        // Refused before an id is taken, so a refused request leaves no gap in the numbering.
        var opened = GateWorkflow.Open("new", system, target, reason, actor.ForEvidence(), now);
        var approver = await TryNameAsync(opened.ApproverObjectId, cancellationToken);
        var criteria = LifecycleGates.Evaluate(target, await FactsAsync(system, cancellationToken), options);
        var stored = await writer.AddAsync(
            requests,
            "GATE",
            id => opened with { Id = id, ApproverName = approver },
            request => NewEvidence.FromJson(
                EvidenceKind.LifecycleGateRequest, Subject(request.Id), actor.ForEvidence(), Clauses, [LifecycleGates.ControlFor(target)], request.Id,
                NewEvidence.Summarise($"Gate {request.Id}: {actor.ForEvidence().DisplayName} asks to move AI system '{system.Name}' ({system.Id}) from {LifecycleGates.Describe(request.From)} to {LifecycleGates.Describe(target)}; gate approver {approver ?? request.ApproverObjectId}; criteria met {criteria.Count(c => c.Met)} of {criteria.Count}"),
                new { action = "request", request, criteria }, now, RegisterJson.Options),
            cancellationToken,
            AnnouncementOwed);
        logger.LogInformation("Gate {GateId} requested for {SystemId}: {From} -> {To} by {Actor}", stored.Value.Id, system.Id, stored.Value.From, target, actor.ObjectId);
        return stored;
    }

    /// <summary>
    /// Decides a gate. Simultaneous presses record one decision: the write is conditional on the ETag read, the others read the
    /// decided request and are answered with it. An approval then moves the system to the new stage.
    /// </summary>
    public async Task<GateDecisionResult> DecideAsync(string requestId, bool approve, string? comment, Actor actor, string decisionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (comment is { Length: > GateWorkflow.MaxReasonLength })
        {
            throw new RecordValidationException(new Dictionary<string, string[]> { ["comment"] = [$"The comment is at most {GateWorkflow.MaxReasonLength} characters."] });
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await requests.GetAsync(requestId, cancellationToken) ?? throw new KeyNotFoundException($"No gate request '{requestId}'.");
            if (string.Equals(current.Value.DecisionKey, decisionKey, StringComparison.Ordinal))
            {
                // A retried press: complete what the first attempt may have left (evidence, the move) and answer with the outcome.
                var (settled, pending) = await TrySettleAsync(requestId, current, cancellationToken);
                await CompleteMoveAsync(settled.Value, cancellationToken);
                return new GateDecisionResult(settled, settled.Value.CriteriaAtDecision, pending ? EvidenceSettlement.PendingNotice : "This press was already recorded.");
            }

            var system = await LoadSystemAsync(current.Value.SystemId, cancellationToken);
            var criteria = current.Value.State == GateState.Pending
                ? LifecycleGates.Evaluate(current.Value.To, await FactsAsync(system, cancellationToken), options)
                : current.Value.CriteriaAtDecision;
            var decided = GateWorkflow.Decide(current.Value, system, criteria, actor.ForEvidence(), approve, comment, decisionKey, time.GetUtcNow());
            try
            {
                var (stored, pending) = await writer.ReplaceSettlingAsync(requests, requestId, current, null, decided, DecisionEvidence(decided, system, actor), cancellationToken, AnnouncementOwed);
                logger.LogInformation("Gate {GateId} of {SystemId} {State} by {Actor}", requestId, system.Id, decided.State, actor.ObjectId);
                var moved = await CompleteMoveAsync(stored.Value, cancellationToken);
                var notice = approve
                    ? $"Approved: {system.Name} {(moved ? "moved" : "moves")} to {LifecycleGates.Describe(decided.To)}."
                    : "Rejected: the requester is told why.";
                return new GateDecisionResult(stored, criteria, pending ? notice + " " + EvidenceSettlement.PendingNotice : notice);
            }
            catch (ConcurrencyConflictException)
            {
                // Someone pressed at the same moment: read again; the workflow sees their decision and answers with it.
            }
        }

        throw new ConcurrencyConflictException($"Gate request '{requestId}' is changing too fast; try again.");
    }

    /// <summary>
    /// Moves the system to the stage an approved gate opened, if it has not moved yet (the press's own write, or the
    /// announcement's when the press was interrupted). True when the system is in that stage now.
    /// </summary>
    public async Task<bool> CompleteMoveAsync(GateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.State != GateState.Approved)
        {
            return false;
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var system = await systems.GetAsync(request.SystemId, cancellationToken) ?? throw new KeyNotFoundException($"AI system '{request.SystemId}' is gone.");
            if (system.System.Details.Stage == request.To)
            {
                return true;
            }

            if (system.System.Details.Stage != request.From)
            {
                logger.LogWarning("Gate {GateId} approved a move {From} -> {To} but {SystemId} is in {Stage}; not moved", request.Id, request.From, request.To, request.SystemId, system.System.Details.Stage);
                return false;
            }

            try
            {
                await register.MoveThroughGateAsync(system.System, new LifecycleStageChange(request.To, request.Id), system.ETag, new Actor(request.DecidedBy!, request.DecidedByName ?? request.DecidedBy!), cancellationToken);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
            }
        }

        return false;
    }

    /// <summary>
    /// Re-checks the criteria of the system's waiting gate and replaces every copy of its card (in the approver's chat) with the
    /// approver's view as it is now: after an assessment or a document the gate reads was approved. Claimed under
    /// <paramref name="idempotencyKey"/>, so a redelivered event updates nothing twice.
    /// </summary>
    public async Task RefreshOpenGateCardsAsync(string systemId, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (await OpenRequestAsync(systemId, cancellationToken) is not { } open)
        {
            return;
        }

        var criteria = await CriteriaAsync(open.Value, cancellationToken);
        await cards.UpdateAllAsync(Subject(open.Value.Id), GateApprovalCard.Create(open.Value, criteria, canDecide: true, links), cancellationToken, idempotencyKey + ":gate:" + open.Value.Id);
    }

    /// <summary>Names a controlled document as one of the system's life cycle artefacts (its owner or an AIMS manager).</summary>
    public async Task<Versioned<SystemArtefact>> SetArtefactAsync(string systemId, LifecycleArtefactPurpose purpose, string? documentId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var system = await LoadSystemAsync(systemId, cancellationToken);
        await RegisterAccess.RequireManagerOrOwnerAsync(roles, actor, system, "attach documents to", cancellationToken);
        if (string.IsNullOrWhiteSpace(documentId))
        {
            throw new RecordValidationException(new Dictionary<string, string[]> { ["documentId"] = ["Name the controlled document (its id, e.g. DOC-3)."] });
        }

        var doc = await documents.GetAsync(documentId.Trim(), cancellationToken)
            ?? throw new RecordValidationException(new Dictionary<string, string[]> { ["documentId"] = [$"There is no controlled document '{documentId.Trim()}'."] });
        var now = time.GetUtcNow();
        var artefact = new SystemArtefact(system.Id, purpose, doc.Value.Id, actor.ObjectId, now);
        var id = SystemArtefact.IdFor(system.Id, purpose);
        var stored = await artefacts.TryAddAsync(id, artefact, cancellationToken);
        if (stored is null)
        {
            var existing = await artefacts.GetAsync(id, cancellationToken) ?? throw new ConcurrencyConflictException("The attachment changed meanwhile; try again.");
            stored = await artefacts.ReplaceAsync(id, artefact, existing.ETag, cancellationToken);
        }

        // A link is a setting, not operation: recorded as a register change, which no coverage rule counts on its own.
        await evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.RegisterChange, $"ai-system:{system.Id}", actor.ForEvidence(), ["7.5.1"], [ControlOf(purpose)], $"{id}:{doc.Value.Id}",
            NewEvidence.Summarise($"Document {doc.Value.Id} '{doc.Value.Title}' attached to AI system '{system.Name}' as its {LifecycleGates.Name(purpose)}"), artefact, now, RegisterJson.Options), cancellationToken);
        return stored;
    }

    public async Task<IReadOnlyList<SystemArtefact>> ArtefactsAsync(string systemId, CancellationToken cancellationToken)
    {
        var found = new List<SystemArtefact>();
        foreach (var purpose in Enum.GetValues<LifecycleArtefactPurpose>())
        {
            if (await artefacts.GetAsync(SystemArtefact.IdFor(systemId, purpose), cancellationToken) is { } a)
            {
                found.Add(a.Value);
            }
        }

        return found;
    }

    public async Task<IReadOnlyList<GateRequest>> ListAsync(string? systemId, CancellationToken cancellationToken)
    {
        var list = new List<GateRequest>();
        await foreach (var r in requests.ListAsync(cancellationToken))
        {
            if (systemId is null || string.Equals(r.Value.SystemId, systemId, StringComparison.OrdinalIgnoreCase))
            {
                list.Add(r.Value);
            }
        }

        return [.. list.OrderByDescending(r => r.RequestedAt)];
    }

    /// <summary>The registers as they are now, for the criteria of a gate of <paramref name="system"/>.</summary>
    public async Task<GateFacts> FactsAsync(AiSystem system, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        var docs = new Dictionary<LifecycleArtefactPurpose, ApprovedDocumentFact>();
        foreach (var artefact in await ArtefactsAsync(system.Id, cancellationToken))
        {
            var doc = await documents.GetAsync(artefact.DocumentId, cancellationToken);
            var approved = doc?.Value.CurrentApproved;
            docs[artefact.Purpose] = new ApprovedDocumentFact(artefact.DocumentId, doc?.Value.Title ?? "(deleted)", approved?.Version, approved?.Sha256);
        }

        var latest = ImpactAssessmentWorkflow.LatestApproved((await assessments.ListForSystemAsync(system.Id, cancellationToken)).Select(a => a.Assessment));
        var untreated = new List<string>();
        string? token = null;
        do
        {
            var page = await risks.ListAsync(new RiskQuery { AiSystemId = system.Id, PageSize = RiskQuery.MaxPageSize, ContinuationToken = token }, cancellationToken);
            untreated.AddRange(page.Items.Select(r => r.Risk)
                .Where(r => r.Inherent(matrix).Level >= RiskLevel.High && r.State is not (ApprovalState.Approved or ApprovalState.Accepted))
                .Select(r => r.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        var soaVersion = (await soa.ListVersionsAsync(cancellationToken)).MaxBy(v => v.Version)?.Version;
        return new GateFacts(system, docs, latest?.Id, latest?.DecidedAt, [.. untreated.Order(StringComparer.Ordinal)], soaVersion,
            latest is null ? null : ImpactAssessmentWorkflow.WhyReviewOverdue(latest, time.GetUtcNow()));
    }

    /// <summary>A gate decision owes its announcement with its evidence (see <see cref="EvidenceSettlement"/>).</summary>
    private Func<CancellationToken, Task>? AnnouncementOwed(string id, Versioned<GateRequest> current) =>
        current.Owed is { } owed && (owed.Kind == EvidenceKind.LifecycleGateDecision || owed.Kind == EvidenceKind.LifecycleGateRequest)
            ? ct => announcements.EnqueueAsync(GateAnnouncer.KindName, id, LatestKey(current.Value), ct)
            : null;

    private static NewEvidence DecisionEvidence(GateRequest decided, AiSystem system, Actor actor) => NewEvidence.FromJson(
        EvidenceKind.LifecycleGateDecision, Subject(decided.Id), actor.ForEvidence(), Clauses, [LifecycleGates.ControlFor(decided.To)], decided.Id,
        NewEvidence.Summarise($"Gate {decided.Id}: {actor.ForEvidence().DisplayName} {(decided.State == GateState.Approved ? "approved" : "rejected")} moving AI system '{system.Name}' ({system.Id}) from {LifecycleGates.Describe(decided.From)} to {LifecycleGates.Describe(decided.To)}; criteria: {string.Join("; ", decided.CriteriaAtDecision.Select(c => $"{c.Label} {(c.Met ? "met" : "not met")}"))}{(decided.Comment is { } c ? ". Comment: " + c : string.Empty)}"),
        new { action = decided.State.ToString(), request = decided }, decided.DecidedAt, RegisterJson.Options);

    private static string ControlOf(LifecycleArtefactPurpose purpose) => purpose switch
    {
        LifecycleArtefactPurpose.Requirements => "A.6.2.2",
        LifecycleArtefactPurpose.DesignDocumentation => "A.6.2.3",
        LifecycleArtefactPurpose.VerificationReport => "A.6.2.4",
        LifecycleArtefactPurpose.DeploymentPlan => "A.6.2.5",
        LifecycleArtefactPurpose.TechnicalDocumentation => "A.6.2.7",
        LifecycleArtefactPurpose.EventLogPolicy => "A.6.2.8",
        LifecycleArtefactPurpose.UserInformation => "A.8.2",
        _ => "A.6.2.6",
    };

    private async Task<Versioned<GateRequest>?> OpenRequestAsync(string systemId, CancellationToken cancellationToken)
    {
        await foreach (var r in requests.ListAsync(cancellationToken))
        {
            if (r.Value.State == GateState.Pending && string.Equals(r.Value.SystemId, systemId, StringComparison.OrdinalIgnoreCase))
            {
                return r;
            }
        }

        return null;
    }

    private async Task<AiSystem> LoadSystemAsync(string systemId, CancellationToken cancellationToken) =>
        (string.IsNullOrWhiteSpace(systemId) ? null : await systems.GetAsync(systemId, cancellationToken))?.System
        ?? throw new KeyNotFoundException($"No AI system '{systemId}'.");

    private async Task<string?> TryNameAsync(string objectId, CancellationToken cancellationToken)
    {
        try
        {
            return (await directory.GetUserAsync(objectId, cancellationToken))?.DisplayName;
        }
        catch (DirectoryUnavailableException)
        {
            return null;
        }
    }

    /// <summary>Records what the request owes, if anything; Pending when evidence storage still fails (the debt stays).</summary>
    internal Task<(Versioned<GateRequest> Current, bool Pending)> TrySettleAsync(string id, Versioned<GateRequest> current, CancellationToken cancellationToken) =>
        writer.TrySettleAsync(requests, id, current, cancellationToken, AnnouncementOwed);
}
