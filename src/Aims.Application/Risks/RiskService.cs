using System.Text.Json;
using Aims.Application.Evidence;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Risks;
using Aims.Core.Soa;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Application.Risks;

/// <summary>The outcome of a decision attempt: the risk as it now is, and whether this request changed it.</summary>
public sealed record DecisionResult(VersionedRisk Current, bool Applied, string? Notice);

/// <summary>Field errors of a risk write; the API answers them as a 400 validation problem.</summary>
public sealed class RiskValidationException(IReadOnlyDictionary<string, string> errors)
    : Exception("The risk is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

/// <summary>
/// The risk register's use cases: create, edit, submit, decide, expire. Roles are resolved from the directory at the moment of
/// each action (fail closed); writes are conditional on the stored ETag, so concurrent presses yield exactly one decision; every
/// decision is recorded as evidence and announced on every copy of the card.
/// </summary>
public sealed class RiskService(
    IRiskRegister risks,
    IAiSystemRegistry systems,
    ISoaStore soa,
    RoleResolver roles,
    IEvidenceStore evidence,
    EvidenceSettlement settlement,
    Work.DecisionAnnouncements announcements,
    IOptions<RiskOptions> options,
    TimeProvider time,
    ILogger<RiskService> logger)
{
    private const int MaxAttempts = 8;
    private readonly Lazy<RiskMatrix> _matrix = new(() => options.Value.BuildMatrix());

    public RiskMatrix Matrix => _matrix.Value;

    /// <summary>The service's clock (cards show due dates against it).</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    public static readonly AimsRole[] Readers = [AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement, AimsRole.RiskOwner];

    public async Task<RiskActor> ActorAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var assignment = await roles.GetRolesAsync(actor.ObjectId, RoleFreshness.Current, cancellationToken);
        return new RiskActor(actor.ObjectId, actor.DisplayName, assignment.Roles);
    }

    public async Task<VersionedRisk> CreateAsync(Risk draft, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await roles.RequireAsync(actor.ObjectId, RiskWorkflow.Submitters, "create risks", cancellationToken);
        await ValidateAsync(draft with { Id = "R-0" }, cancellationToken);
        var now = time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var risk = draft with { Id = await risks.NextIdAsync(cancellationToken), State = ApprovalState.Draft, Decisions = [], Revision = 0, CreatedAt = now, UpdatedAt = now, SubmittedBy = null, SubmittedAt = null };
            try
            {
                var created = await risks.CreateAsync(risk, cancellationToken);
                await RecordChangeAsync(created.Risk, actor, "created", cancellationToken);
                return created;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // The id was taken by a risk created with an explicit id (imports, demo data): take the next one.
            }
        }
    }

    /// <summary>
    /// Creates every risk of an import or none (<see cref="IRiskRegister.CreateAllAsync"/>); each row carries its "imported"
    /// evidence, recorded once all rows are in. The drafts are already validated.
    /// </summary>
    public async Task<IReadOnlyList<VersionedRisk>> ImportAsync(IReadOnlyList<Risk> drafts, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        await roles.RequireAsync(actor.ObjectId, RiskWorkflow.Submitters, "import risks", cancellationToken);
        var now = time.GetUtcNow();
        var rows = new List<(Risk, NewEvidence)>(drafts.Count);
        foreach (var draft in drafts)
        {
            // Risks created with explicit ids (demo data, earlier imports) do not advance the counter: skip ids in use.
            var id = await risks.NextIdAsync(cancellationToken);
            while (await risks.GetAsync(id, cancellationToken) is not null)
            {
                id = await risks.NextIdAsync(cancellationToken);
            }

            var risk = draft with { Id = id, State = ApprovalState.Draft, Decisions = [], Revision = 0, CreatedAt = now, UpdatedAt = now, SubmittedBy = null, SubmittedAt = null };
            rows.Add((risk, ChangeEvidence(risk, actor, "imported")));
        }

        var created = await risks.CreateAllAsync(rows, cancellationToken);
        var settled = new List<VersionedRisk>(created.Count);
        foreach (var risk in created)
        {
            settled.Add((await TrySettleAsync(risk, cancellationToken)).Current);
        }

        return settled;
    }

    public async Task<VersionedRisk> UpdateAsync(string id, Risk changes, string expectedETag, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var riskActor = await ActorAsync(actor, cancellationToken);
        if (!RiskWorkflow.Submitters.Any(riskActor.Has))
        {
            throw new AccessDeniedException($"Only {string.Join(" or ", RiskWorkflow.Submitters)} may edit risks.");
        }

        var current = await risks.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No risk '{id}'.");
        if (RiskWorkflow.EditRefusal(riskActor, current.Risk, changes) is { } refusal)
        {
            throw new AccessDeniedException(refusal);
        }

        if (!string.Equals(StrongPart(current.ETag), StrongPart(expectedETag), StringComparison.Ordinal))
        {
            throw new ConcurrencyConflictException($"Risk '{id}' was changed by someone else since you read it: reload it and apply your change again.");
        }

        if (!RiskWorkflow.IsEditable(current.Risk.State))
        {
            throw new WorkflowRefusedException($"Risk {id} is {RiskWorkflow.Describe(current.Risk.State)}; it cannot be edited until it is decided.");
        }

        // Marking actions done is progress on the approved treatment, not a new treatment: the approval stands.
        var progressOnly = RiskTreatment.OnlyProgress(current.Risk, changes);
        var now = time.GetUtcNow();
        var edited = changes with
        {
            Id = current.Risk.Id,
            // Editing a decided risk starts a new approval round from draft; the history stays.
            State = !progressOnly && current.Risk.State is ApprovalState.Approved or ApprovalState.Accepted ? ApprovalState.Draft : current.Risk.State,
            Actions = RiskTreatment.StampProgress(current.Risk.Actions, changes.Actions, actor.ObjectId, now),
            Decisions = current.Risk.Decisions,
            EffectivenessChecks = current.Risk.EffectivenessChecks,
            SubmittedBy = current.Risk.SubmittedBy,
            SubmittedAt = current.Risk.SubmittedAt,
            CreatedAt = current.Risk.CreatedAt,
            UpdatedAt = now,
            Revision = current.Risk.Revision + 1,
        };
        await ValidateAsync(edited, cancellationToken);
        current = await SettleBeforeChangeAsync(current, cancellationToken);
        var owed = progressOnly ? ProgressEvidence(edited, actor) : ChangeEvidence(edited, actor, "updated");
        var (saved, _) = await SaveOwingAsync(edited, current.ETag, owed, cancellationToken);
        return saved;
    }

    /// <summary>
    /// Marks treatment action <paramref name="index"/> done (its owner, the risk owner or an AIMS manager). The approval stands:
    /// completing the approved treatment is not a change of it. Completing a done action again changes nothing.
    /// </summary>
    public async Task<VersionedRisk> CompleteActionAsync(string id, int index, Actor actor, CancellationToken cancellationToken)
    {
        var riskActor = await ActorAsync(actor, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var current = await risks.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No risk '{id}'.");
            var completed = RiskTreatment.CompleteAction(current.Risk, index, riskActor, time.GetUtcNow());
            if (ReferenceEquals(completed, current.Risk))
            {
                return (await TrySettleAsync(current, cancellationToken)).Current;
            }

            current = await SettleBeforeChangeAsync(current, cancellationToken);
            try
            {
                var (saved, _) = await SaveOwingAsync(completed, current.ETag, ProgressEvidence(completed, actor), cancellationToken);
                logger.LogInformation("Risk {RiskId} action {ActionIndex} completed by {ObjectId}; state stays {State}", id, index, actor.ObjectId, saved.Risk.State);
                return saved;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>
    /// The risk owner's effectiveness check once every action is done: residual re-rated, a note, the evidence looked at (each
    /// id must name recorded evidence). Evidence for 6.1.3, 8.3 and 9.1; idempotent by <paramref name="requestId"/>.
    /// </summary>
    public async Task<VersionedRisk> RecordEffectivenessAsync(string id, int? residualLikelihood, int? residualImpact, string? note, IReadOnlyList<string?>? evidenceIds, Actor actor, string requestId, CancellationToken cancellationToken)
    {
        var riskActor = await ActorAsync(actor, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var current = await risks.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No risk '{id}'.");
            if (current.Risk.EffectivenessChecks.Any(c => c.RequestId == requestId))
            {
                return (await TrySettleAsync(current, cancellationToken)).Current;
            }

            if (RiskTreatment.WhyNotCheck(current.Risk, riskActor) is { } why)
            {
                throw riskActor.Has(AimsRole.RiskOwner) && string.Equals(current.Risk.OwnerObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase)
                    ? new WorkflowRefusedException(why)
                    : new AccessDeniedException(why);
            }

            var errors = new Dictionary<string, string>(RiskTreatment.CheckProblems(current.Risk, residualLikelihood, residualImpact, note, evidenceIds));
            var ids = errors.Count == 0 ? evidenceIds!.Select(e => e!.Trim()).Distinct(StringComparer.Ordinal).ToList() : [];
            for (var i = 0; i < ids.Count; i++)
            {
                if (await evidence.GetAsync(ids[i], cancellationToken) is null) errors[$"evidenceIds[{i}]"] = $"No evidence '{ids[i]}' has been recorded.";
            }

            if (errors.Count > 0)
            {
                throw new RiskValidationException(errors);
            }

            current = await SettleBeforeChangeAsync(current, cancellationToken);
            var checkedRisk = RiskTreatment.RecordCheck(current.Risk, riskActor, residualLikelihood!.Value, residualImpact!.Value, note!, ids, requestId, time.GetUtcNow(), Matrix);
            try
            {
                var (saved, _) = await SaveOwingAsync(checkedRisk, current.ETag, EffectivenessEvidence(checkedRisk), cancellationToken);
                var check = saved.Risk.EffectivenessChecks[^1];
                logger.LogInformation("Risk {RiskId} effectiveness check by {ObjectId}: residual {Before} -> {After}, effective {Effective}, state {State}",
                    id, actor.ObjectId, check.ResidualBefore.Level, check.ResidualAfter.Level, check.Effective, saved.Risk.State);
                return saved;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    public async Task<VersionedRisk> SubmitAsync(string id, Actor actor, string requestId, CancellationToken cancellationToken)
    {
        var riskActor = await ActorAsync(actor, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var current = await risks.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No risk '{id}'.");
            if (RiskWorkflow.AlreadyApplied(current.Risk, requestId))
            {
                // A retry: the submission stands; complete its evidence if an earlier attempt could not.
                return (await TrySettleAsync(current, cancellationToken)).Current;
            }

            current = await SettleBeforeChangeAsync(current, cancellationToken);
            var submitted = RiskWorkflow.Submit(current.Risk, riskActor, requestId, time.GetUtcNow(), Matrix);
            try
            {
                var (saved, _) = await SaveOwingAsync(submitted, current.ETag, DecisionEvidence(submitted), cancellationToken);
                return saved;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>
    /// Applies a decision pressed on a card (or sent to the API). Idempotent by request id; a press on an out-of-date card or a
    /// lost race changes nothing and returns the risk as it now is with a notice.
    /// </summary>
    public async Task<DecisionResult> DecideAsync(string id, int? cardRevision, Actor actor, DecisionOutcome outcome, string? comment, string requestId, CancellationToken cancellationToken)
    {
        var riskActor = await ActorAsync(actor, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var current = await risks.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No risk '{id}'.");
            if (RiskWorkflow.AlreadyApplied(current.Risk, requestId))
            {
                // A retry of this very decision: it stands; complete its evidence if an earlier attempt could not.
                var (settled, pending) = await TrySettleAsync(current, cancellationToken);
                return new DecisionResult(settled, true, pending ? EvidenceSettlement.PendingNotice : null);
            }

            if (cardRevision is { } seen && seen != current.Risk.Revision)
            {
                var last = current.Risk.Decisions.LastOrDefault();
                if (last is not null && string.Equals(last.ActorObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
                {
                    // The presser's own decision changed the card (a second press of the same card): show where it stands, no warning.
                    return new DecisionResult(current, false,
                        $"Your decision ({last.Outcome switch { DecisionOutcome.Approved => "approved", DecisionOutcome.Rejected => "rejected", _ => "changes requested" }}) is recorded. The risk is now {RiskWorkflow.Describe(current.Risk.State)}.");
                }

                return new DecisionResult(current, false,
                    $"Nothing was changed: this card was out of date. The risk is now {RiskWorkflow.Describe(current.Risk.State)}{(last is null ? "" : $" ({last.Outcome} by {last.ActorName})")}.");
            }

            current = await SettleBeforeChangeAsync(current, cancellationToken);
            var decided = RiskWorkflow.Decide(current.Risk, riskActor, outcome, comment, requestId, time.GetUtcNow(), Matrix);
            try
            {
                var (saved, pending) = await SaveOwingAsync(decided, current.ETag, DecisionEvidence(decided), cancellationToken);
                logger.LogInformation("Risk {RiskId} {Outcome} by {ObjectId}: {From} -> {To}", id, outcome, actor.ObjectId, current.Risk.State, saved.Risk.State);
                return new DecisionResult(saved, true, pending ? EvidenceSettlement.PendingNotice : null);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone else wrote first: read again; the revision check above answers with the current state.
                cardRevision ??= current.Risk.Revision;
            }
        }
    }

    /// <summary>Expires accepted risks whose review date has come; returns how many.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var expired = 0;
        await foreach (var risk in risks.ListAllAsync(cancellationToken))
        {
            if (!RiskWorkflow.IsDueToExpire(risk, today))
            {
                continue;
            }

            var current = await risks.GetAsync(risk.Id, cancellationToken);
            if (current is null || !RiskWorkflow.IsDueToExpire(current.Risk, today))
            {
                continue;
            }

            try
            {
                current = await SettleBeforeChangeAsync(current, cancellationToken);
                var expiredRisk = RiskWorkflow.Expire(current.Risk, time.GetUtcNow(), Matrix);
                await SaveOwingAsync(expiredRisk, current.ETag, DecisionEvidence(expiredRisk), cancellationToken);
                expired++;
            }
            catch (Exception ex) when (ex is ConcurrencyConflictException or EvidencePendingException)
            {
                // Changed meanwhile, or its last change still owes evidence: the next run looks again.
            }
        }

        return expired;
    }

    // HTTP clients may drop the weak marker of Table Storage ETags (W/"..."); the opaque part is what identifies the version.
    private static string StrongPart(string etag) => etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;

    private async Task ValidateAsync(Risk risk, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(RiskValidator.Validate(risk));
        if (!errors.ContainsKey("aiSystemId") && await systems.GetAsync(risk.AiSystemId, cancellationToken) is null)
        {
            errors["aiSystemId"] = $"There is no AI system '{risk.AiSystemId}' in the register.";
        }

        // One message naming every offending id, unknown and excluded alike (it replaces the validator's unknown-only one).
        if (risk.Controls.Count > 0
            && RiskControls.WhyNot(risk.Controls, (await soa.ListAsync(cancellationToken)).Select(e => e.Entry)) is { } controls)
        {
            errors["controls"] = controls;
        }

        if (errors.Count > 0)
        {
            throw new RiskValidationException(errors);
        }
    }

    /// <summary>Settles what the risk owes from an interrupted write; a new change is refused while that cannot be done.</summary>
    private async Task<VersionedRisk> SettleBeforeChangeAsync(VersionedRisk current, CancellationToken cancellationToken)
    {
        if (current.Owed is null)
        {
            return current;
        }

        string? etag = null;
        await settlement.SettleBeforeChangeAsync($"Risk {current.Risk.Id}", current.Owed, async ct => etag = await risks.SettleAsync(current.Risk.Id, current.ETag, ct), cancellationToken, AnnouncementOwed(current));
        return etag is null
            ? await risks.GetAsync(current.Risk.Id, cancellationToken) ?? throw new KeyNotFoundException($"No risk '{current.Risk.Id}'.")
            : current with { ETag = etag, Owed = null };
    }

    /// <summary>Records what the risk owes, if anything; true in Pending when evidence storage still fails (the debt stays).</summary>
    internal async Task<(VersionedRisk Current, bool Pending)> TrySettleAsync(VersionedRisk current, CancellationToken cancellationToken)
    {
        if (current.Owed is null)
        {
            return (current, false);
        }

        string? etag = null;
        var settled = await settlement.TrySettleAsync($"Risk {current.Risk.Id}", current.Owed, async ct => etag = await risks.SettleAsync(current.Risk.Id, current.ETag, ct), cancellationToken, AnnouncementOwed(current));
        return settled ? (etag is null ? current : current with { ETag = etag, Owed = null }, false) : (current, true);
    }

    /// <summary>
    /// A decision owes its announcement as well as its evidence: it is queued while the debt is settled (right away, on a retry
    /// of the same request, or by the sweep), keyed by the decision's request id so queueing it twice announces once.
    /// </summary>
    private Func<CancellationToken, Task>? AnnouncementOwed(VersionedRisk current) =>
        current.Owed?.Kind == EvidenceKind.RiskDecision && current.Risk.Decisions.LastOrDefault() is { } decision
            ? ct => announcements.EnqueueAsync(RiskAnnouncer.KindName, current.Risk.Id, decision.RequestId, ct)
            : null;

    /// <summary>Stores the change with the evidence it owes (one write), then records that evidence.</summary>
    private async Task<(VersionedRisk Saved, bool EvidencePending)> SaveOwingAsync(Risk changed, string expectedETag, NewEvidence owed, CancellationToken cancellationToken)
    {
        var saved = await risks.UpdateOwingAsync(changed, expectedETag, owed, cancellationToken);
        return await TrySettleAsync(saved, cancellationToken);
    }

    private NewEvidence DecisionEvidence(Risk risk)
    {
        var decision = risk.Decisions[^1];
        var payload = new { risk = RiskSnapshot(risk), decision };
        return NewEvidence.FromJson(
            EvidenceKind.RiskDecision,
            $"risk:{risk.Id}",
            new Actor(decision.ActorObjectId, decision.ActorName),
            ["6.1.2", "6.1.3", "8.2", "8.3"],
            risk.Controls,
            decision.RequestId,
            $"{risk.Id} {decision.Outcome} by {decision.ActorName} ({decision.Stage}); residual {decision.ResidualAtDecision.Level}",
            payload,
            decision.At,
            RegisterJson.Options);
    }

    private NewEvidence ChangeEvidence(Risk risk, Actor actor, string what) =>
        NewEvidence.FromJson(
            EvidenceKind.RegisterChange,
            $"risk:{risk.Id}",
            actor,
            ["6.1.2", "8.2"],
            risk.Controls,
            $"{risk.Id}:{risk.Revision}",
            $"Risk {risk.Id} {what} (revision {risk.Revision})",
            RiskSnapshot(risk),
            risk.UpdatedAt,
            RegisterJson.Options);

    private NewEvidence ProgressEvidence(Risk risk, Actor actor)
    {
        var done = risk.Actions.Count(a => a.Done);
        return NewEvidence.FromJson(
            EvidenceKind.RiskTreatmentProgress,
            $"risk:{risk.Id}",
            actor,
            ["6.1.3", "8.3"],
            risk.Controls,
            $"{risk.Id}:{risk.Revision}",
            $"Risk {risk.Id} treatment: {done} of {risk.Actions.Count} actions done; state stays {risk.State}",
            RiskSnapshot(risk),
            risk.UpdatedAt,
            RegisterJson.Options);
    }

    private NewEvidence EffectivenessEvidence(Risk risk)
    {
        var check = risk.EffectivenessChecks[^1];
        return NewEvidence.FromJson(
            EvidenceKind.RiskEffectivenessCheck,
            $"risk:{risk.Id}",
            new Actor(check.ActorObjectId, check.ActorName),
            ["6.1.3", "8.3", "9.1"],
            risk.Controls,
            check.RequestId,
            $"Risk {risk.Id} treatment checked by {check.ActorName}: residual {check.ResidualBefore.Level} -> {check.ResidualAfter.Level}, {(check.Effective ? "effective" : "not effective, back to draft")}",
            new { risk = RiskSnapshot(risk), check },
            check.At,
            RegisterJson.Options);
    }

    private async Task RecordChangeAsync(Risk risk, Actor actor, string what, CancellationToken cancellationToken) =>
        await evidence.RecordAsync(ChangeEvidence(risk, actor, what), cancellationToken);

    /// <summary>The risk as it was decided, with its ratings computed (frozen in the evidence).</summary>
    private object RiskSnapshot(Risk risk) => new
    {
        risk.Id, risk.AiSystemId, risk.Title, risk.Description, risk.Category, risk.Source,
        inherent = risk.Inherent(Matrix), residual = risk.Residual(Matrix),
        risk.Treatment, risk.TreatmentPlan, risk.Actions, risk.Controls, risk.OwnerObjectId, risk.NextReviewDate, risk.State, risk.Revision,
    };

    internal static JsonSerializerOptions Json => RegisterJson.Options;
}
