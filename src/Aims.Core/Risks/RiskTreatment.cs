using Aims.Core.Directory;
using Aims.Core.Identity;

namespace Aims.Core.Risks;

/// <summary>
/// Carrying out a treatment: completing its actions (progress, not content: the approval stands) and, once all are done,
/// the risk owner's effectiveness check.
/// </summary>
public static class RiskTreatment
{
    public const int MaxNote = 4000;
    public const int MaxEvidenceIds = 20;

    /// <summary>
    /// Marks action <paramref name="index"/> done. Its owner, the risk owner or an AIMS manager may; the state and the
    /// decisions stay as they are. Completing an action already done changes nothing.
    /// </summary>
    public static Risk CompleteAction(Risk risk, int index, RiskActor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(actor);
        if (index < 0 || index >= risk.Actions.Count)
        {
            throw new KeyNotFoundException($"Risk {risk.Id} has no action {index} (it has {risk.Actions.Count}).");
        }

        var action = risk.Actions[index];
        if (!Same(action.OwnerObjectId, actor.ObjectId) && !(Same(risk.OwnerObjectId, actor.ObjectId) && actor.Has(AimsRole.RiskOwner)) && !actor.Has(AimsRole.AimsManager))
        {
            throw new AccessDeniedException($"Only the action's owner, the risk owner or an AIMS manager may complete an action of risk {risk.Id}.");
        }

        if (action.Done)
        {
            return risk;
        }

        if (RiskWorkflow.IsPending(risk.State))
        {
            // A decision is open on this very content; progress recorded now would make the approver's card stale.
            throw new WorkflowRefusedException($"Risk {risk.Id} is {RiskWorkflow.Describe(risk.State)}; complete its actions once it is decided.");
        }

        var actions = risk.Actions.ToList();
        actions[index] = action with { Done = true, DoneAt = now, DoneBy = actor.ObjectId };
        return risk with { Actions = actions, Revision = risk.Revision + 1, UpdatedAt = now };
    }

    /// <summary>
    /// The actions of an edit with their completion stamped by the service: an action done before keeps who and when,
    /// a newly done one is stamped with the editor and now, an open one carries none (a client cannot forge them).
    /// </summary>
    public static IReadOnlyList<TreatmentAction> StampProgress(IReadOnlyList<TreatmentAction> stored, IReadOnlyList<TreatmentAction> edited, string actorObjectId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(edited);
        return [.. edited.Select((a, i) =>
        {
            if (!a.Done) return a with { DoneAt = null, DoneBy = null };
            var before = i < stored.Count ? stored[i] : null;
            return before is { Done: true } && SameAction(before, a)
                ? a with { DoneAt = before.DoneAt, DoneBy = before.DoneBy }
                : a with { DoneAt = now, DoneBy = actorObjectId };
        })];
    }

    /// <summary>
    /// True when <paramref name="changes"/> differs from <paramref name="current"/> only by actions newly marked done:
    /// progress on the approved treatment, which keeps the approval.
    /// </summary>
    public static bool OnlyProgress(Risk current, Risk changes)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changes);
        if (current.Actions.Count != changes.Actions.Count) return false;
        for (var i = 0; i < current.Actions.Count; i++)
        {
            var (a, b) = (current.Actions[i], changes.Actions[i]);
            if (!SameAction(a, b) || (a.Done && !b.Done)) return false;
        }

        return current.AiSystemId == changes.AiSystemId && current.Title == changes.Title && current.Description == changes.Description
            && current.Category == changes.Category && current.Source == changes.Source && current.Likelihood == changes.Likelihood
            && current.Impact == changes.Impact && current.Treatment == changes.Treatment && current.TreatmentPlan == changes.TreatmentPlan
            && current.Controls.SequenceEqual(changes.Controls, StringComparer.Ordinal) && current.ResidualLikelihood == changes.ResidualLikelihood
            && current.ResidualImpact == changes.ResidualImpact && Same(current.OwnerObjectId, changes.OwnerObjectId) && current.NextReviewDate == changes.NextReviewDate;
    }

    /// <summary>Why <paramref name="actor"/> may not record an effectiveness check on this risk now, or null.</summary>
    public static string? WhyNotCheck(Risk risk, RiskActor actor)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(actor);
        if (!Same(risk.OwnerObjectId, actor.ObjectId) || !actor.Has(AimsRole.RiskOwner))
        {
            return $"Only the owner of risk {risk.Id}, holding the RiskOwner role, records its effectiveness check.";
        }

        if (risk.State is not (ApprovalState.Approved or ApprovalState.Accepted))
        {
            return $"Risk {risk.Id} is {RiskWorkflow.Describe(risk.State)}; only an approved treatment is checked for effectiveness.";
        }

        if (risk.Actions.Count == 0)
        {
            return $"Risk {risk.Id} has no treatment actions to check.";
        }

        var open = risk.Actions.Select((a, i) => (a, i)).Where(x => !x.a.Done).Select(x => $"{x.i} ({x.a.Description})").ToList();
        return open.Count == 0 ? null : $"Not every treatment action of risk {risk.Id} is done; still open: {string.Join(", ", open)}.";
    }

    /// <summary>Field errors of an effectiveness check (evidence ids are checked for form here, for existence by the caller).</summary>
    public static IReadOnlyDictionary<string, string> CheckProblems(Risk risk, int? residualLikelihood, int? residualImpact, string? note, IReadOnlyList<string?>? evidenceIds)
    {
        ArgumentNullException.ThrowIfNull(risk);
        var e = new Dictionary<string, string>(StringComparer.Ordinal);
        if (residualLikelihood is not { } l || !RiskMatrix.IsOnScale(l)) e["residualLikelihood"] = "Re-rate the residual likelihood, 1 to 5.";
        if (residualImpact is not { } i || !RiskMatrix.IsOnScale(i)) e["residualImpact"] = "Re-rate the residual impact, 1 to 5.";
        else if (residualLikelihood is { } rl && RiskMatrix.IsOnScale(rl) && rl * i > risk.Likelihood * risk.Impact)
            e["residualImpact"] = "The residual rating cannot be higher than the inherent rating.";
        if (string.IsNullOrWhiteSpace(note)) e["note"] = "Say what was checked and what it showed.";
        else if (note.Length > MaxNote) e["note"] = $"The note is longer than {MaxNote} characters.";
        if (evidenceIds is not { Count: > 0 }) e["evidenceIds"] = "Attach the evidence the check looked at (at least one evidence id).";
        else if (evidenceIds.Count > MaxEvidenceIds) e["evidenceIds"] = $"At most {MaxEvidenceIds} evidence ids.";
        else
        {
            for (var n = 0; n < evidenceIds.Count; n++)
            {
                if (Evidence.EvidenceEnvelope.TryGetHash(evidenceIds[n]?.Trim()) is null) e[$"evidenceIds[{n}]"] = "Not an evidence id (sha256:<64 lowercase hex digits>).";
            }
        }

        return e;
    }

    /// <summary>
    /// Records the check: the residual takes the re-rated values. A re-rating worse than the approved residual means the
    /// treatment did not work: the risk returns to draft for a new round; otherwise the approval stands. Idempotent by request id.
    /// </summary>
    public static Risk RecordCheck(Risk risk, RiskActor actor, int residualLikelihood, int residualImpact, string note, IReadOnlyList<string> evidenceIds, string requestId, DateTimeOffset now, RiskMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(matrix);
        if (risk.EffectivenessChecks.Any(c => c.RequestId == requestId))
        {
            return risk;
        }

        if (WhyNotCheck(risk, actor) is { } why)
        {
            throw new WorkflowRefusedException(why);
        }

        var before = risk.Residual(matrix);
        var after = matrix.Rate(residualLikelihood, residualImpact);
        var effective = after.Score <= before.Score;
        var check = new EffectivenessCheck(requestId, now, actor.ObjectId, actor.DisplayName, before, after, note.Trim(), evidenceIds, effective);
        return risk with
        {
            ResidualLikelihood = residualLikelihood,
            ResidualImpact = residualImpact,
            State = effective ? risk.State : ApprovalState.Draft,
            EffectivenessChecks = [.. risk.EffectivenessChecks, check],
            Revision = risk.Revision + 1,
            UpdatedAt = now,
        };
    }

    private static bool SameAction(TreatmentAction a, TreatmentAction b) =>
        a.Description == b.Description && Same(a.OwnerObjectId, b.OwnerObjectId) && a.DueDate == b.DueDate;

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
