using Aims.Core.Identity;

namespace Aims.Core.Risks;

/// <summary>Who acts on a risk: Entra object id from a validated request, name, and AIMS roles at that moment.</summary>
public sealed record RiskActor(string ObjectId, string DisplayName, IReadOnlySet<AimsRole> Roles)
{
    public bool Has(AimsRole role) => Roles.Contains(role);
}

/// <summary>A workflow step that is not allowed; the reason is safe to show to the person who tried.</summary>
public sealed class WorkflowRefusedException(string reason) : Exception(reason);

/// <summary>
/// The approval workflow of a risk, with separation of duties: nobody approves what they submitted, only the named risk owner
/// (holding the RiskOwner role) approves the first stage, and accepting a residual risk rated High or above needs a second
/// approval by a TopManagement member who did not approve the first stage.
/// </summary>
public static class RiskWorkflow
{
    public static readonly AimsRole[] Submitters = [AimsRole.AimsManager, AimsRole.RiskOwner];

    /// <summary>
    /// Why <paramref name="actor"/> may not make this edit, or null. An AIMS manager edits any risk; a risk owner edits only
    /// the risks they own and cannot hand a risk to someone else (or take one over): ownership is assigned by the AIMS manager.
    /// </summary>
    public static string? EditRefusal(RiskActor actor, Risk current, Risk changes)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changes);
        if (actor.Has(AimsRole.AimsManager))
        {
            return null;
        }

        if (!string.Equals(current.OwnerObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            return $"Risk {current.Id} is owned by someone else; only its owner or an AIMS manager may edit it.";
        }

        return string.Equals(changes.OwnerObjectId, current.OwnerObjectId, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Only an AIMS manager may change the owner of risk {current.Id}.";
    }

    /// <summary>States in which the risk may be edited (editing an approved or accepted risk starts a new round from Draft).</summary>
    public static bool IsEditable(ApprovalState state) => state is not (ApprovalState.Submitted or ApprovalState.AcceptancePendingTopManagement);

    public static bool IsPending(ApprovalState state) => state is ApprovalState.Submitted or ApprovalState.AcceptancePendingTopManagement;

    /// <summary>True when this request id was already applied: a repeated press changes nothing.</summary>
    public static bool AlreadyApplied(Risk risk, string requestId) =>
        risk.Decisions.Any(d => string.Equals(d.RequestId, requestId, StringComparison.Ordinal));

    public static Risk Submit(Risk risk, RiskActor actor, string requestId, DateTimeOffset now, RiskMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(actor);
        if (AlreadyApplied(risk, requestId))
        {
            return risk;
        }

        if (risk.State is not (ApprovalState.Draft or ApprovalState.ChangesRequested or ApprovalState.Rejected or ApprovalState.Expired))
        {
            throw new WorkflowRefusedException($"This risk is {Describe(risk.State)}; it can only be submitted from draft, changes requested, rejected or expired.");
        }

        if (!Submitters.Any(actor.Has))
        {
            throw new WorkflowRefusedException("Submitting a risk for approval needs the AimsManager or RiskOwner role.");
        }

        var problems = RiskValidator.Validate(risk);
        if (problems.Count > 0)
        {
            throw new WorkflowRefusedException("The risk is not complete: " + string.Join("; ", problems.Select(p => $"{p.Key}: {p.Value}")));
        }

        var decision = Decision(risk, requestId, ApprovalStage.Submission, DecisionOutcome.Submitted, actor, null, now, ApprovalState.Submitted, matrix);
        return risk with
        {
            State = ApprovalState.Submitted,
            SubmittedBy = actor.ObjectId,
            SubmittedAt = now,
            Decisions = [.. risk.Decisions, decision],
            Revision = risk.Revision + 1,
            UpdatedAt = now,
        };
    }

    /// <summary>Why <paramref name="actor"/> may not take <paramref name="outcome"/> now, or null when they may.</summary>
    public static string? WhyNot(Risk risk, RiskActor actor, DecisionOutcome outcome, string? comment = "ok")
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(actor);
        if (outcome is not (DecisionOutcome.Approved or DecisionOutcome.Rejected or DecisionOutcome.ChangesRequested))
        {
            return $"'{outcome}' is not a decision a person takes on a card.";
        }

        if (outcome is DecisionOutcome.Rejected or DecisionOutcome.ChangesRequested && string.IsNullOrWhiteSpace(comment))
        {
            return "A comment is required to reject or to request changes.";
        }

        if (string.Equals(actor.ObjectId, risk.SubmittedBy, StringComparison.OrdinalIgnoreCase))
        {
            return "You submitted this risk, so you cannot decide on it (separation of duties).";
        }

        switch (risk.State)
        {
            case ApprovalState.Submitted:
                if (!string.Equals(actor.ObjectId, risk.OwnerObjectId, StringComparison.OrdinalIgnoreCase))
                {
                    return "Only the risk owner named on this risk can decide on it at this stage.";
                }

                return actor.Has(AimsRole.RiskOwner) ? null : "Deciding on a risk needs the RiskOwner role, which you do not hold now.";
            case ApprovalState.AcceptancePendingTopManagement:
                if (!actor.Has(AimsRole.TopManagement))
                {
                    return "A residual rating above the risk appetite needs a member of top management to accept it.";
                }

                return string.Equals(risk.OwnerApprovalThisRound?.ActorObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase)
                    ? "You approved the first stage, so the second approval must come from someone else (separation of duties)."
                    : null;
            default:
                return $"This risk is {Describe(risk.State)}; there is nothing to decide.";
        }
    }

    public static Risk Decide(Risk risk, RiskActor actor, DecisionOutcome outcome, string? comment, string requestId, DateTimeOffset now, RiskMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(matrix);
        if (AlreadyApplied(risk, requestId))
        {
            return risk;
        }

        var why = WhyNot(risk, actor, outcome, comment);
        if (why is not null)
        {
            throw new WorkflowRefusedException(why);
        }

        var stage = risk.State == ApprovalState.Submitted ? ApprovalStage.RiskOwner : ApprovalStage.TopManagement;
        var residual = risk.Residual(matrix);
        var (to, recorded) = (stage, outcome) switch
        {
            (_, DecisionOutcome.Rejected) => (ApprovalState.Rejected, DecisionOutcome.Rejected),
            (_, DecisionOutcome.ChangesRequested) => (ApprovalState.ChangesRequested, DecisionOutcome.ChangesRequested),
            // Above the appetite the owner's approval is not the last word, whatever the treatment (a Mitigate that leaves a
            // Critical residual included): top management accepts the residual risk too.
            (ApprovalStage.RiskOwner, _) when matrix.IsAboveAppetite(residual.Level) =>
                (ApprovalState.AcceptancePendingTopManagement, DecisionOutcome.Approved),
            (ApprovalStage.RiskOwner, _) when risk.Treatment == TreatmentOption.Accept => (ApprovalState.Accepted, DecisionOutcome.Accepted),
            (ApprovalStage.RiskOwner, _) => (ApprovalState.Approved, DecisionOutcome.Approved),
            _ when risk.Treatment == TreatmentOption.Accept => (ApprovalState.Accepted, DecisionOutcome.Accepted),
            // A treatment whose residual top management accepted: the treatment stands approved, the acceptance is on record.
            _ => (ApprovalState.Approved, DecisionOutcome.Accepted),
        };
        var decision = Decision(risk, requestId, stage, recorded, actor, comment?.Trim(), now, to, matrix);
        return risk with { State = to, Decisions = [.. risk.Decisions, decision], Revision = risk.Revision + 1, UpdatedAt = now };
    }

    /// <summary>An accepted risk whose review date has come expires and comes back for review.</summary>
    public static bool IsDueToExpire(Risk risk, DateOnly today) =>
        risk.State == ApprovalState.Accepted && risk.NextReviewDate is { } due && due <= today;

    public static Risk Expire(Risk risk, DateTimeOffset now, RiskMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(risk);
        if (!IsDueToExpire(risk, DateOnly.FromDateTime(now.UtcDateTime)))
        {
            throw new WorkflowRefusedException($"This risk is {Describe(risk.State)} with review date {risk.NextReviewDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "unset"}; it does not expire now.");
        }

        var system = new RiskActor("system", "AIMS", new HashSet<AimsRole>());
        var decision = Decision(risk, $"expire:{risk.Revision}", ApprovalStage.System, DecisionOutcome.Expired, system, "The acceptance reached its review date.", now, ApprovalState.Expired, matrix);
        return risk with { State = ApprovalState.Expired, Decisions = [.. risk.Decisions, decision], Revision = risk.Revision + 1, UpdatedAt = now };
    }

    public static string Describe(ApprovalState state) => state switch
    {
        ApprovalState.Draft => "a draft",
        ApprovalState.Submitted => "waiting for the risk owner",
        ApprovalState.ChangesRequested => "sent back for changes",
        ApprovalState.Approved => "approved",
        ApprovalState.Rejected => "rejected",
        ApprovalState.AcceptancePendingTopManagement => "waiting for top management to accept",
        ApprovalState.Accepted => "accepted",
        ApprovalState.Expired => "expired (due for review)",
        _ => state.ToString(),
    };

    private static RiskDecision Decision(Risk risk, string requestId, ApprovalStage stage, DecisionOutcome outcome, RiskActor actor, string? comment, DateTimeOffset now, ApprovalState to, RiskMatrix matrix) =>
        new(requestId, stage, outcome, actor.ObjectId, actor.DisplayName, actor.Roles.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToList(), comment, now, risk.State, to, risk.Residual(matrix));
}

/// <summary>Field-by-field checks of a risk's content.</summary>
public static class RiskValidator
{
    public const int MaxTitle = 200;
    public const int MaxText = 4000;

    public static IReadOnlyDictionary<string, string> Validate(Risk risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(risk.AiSystemId)) e["aiSystemId"] = "The AI system the risk belongs to is required.";
        if (string.IsNullOrWhiteSpace(risk.Title)) e["title"] = "A title is required.";
        else if (risk.Title.Length > MaxTitle) e["title"] = $"The title is longer than {MaxTitle} characters.";
        if (risk.Description.Length > MaxText) e["description"] = $"The description is longer than {MaxText} characters.";
        if (risk.TreatmentPlan.Length > MaxText) e["treatmentPlan"] = $"The treatment plan is longer than {MaxText} characters.";
        if (!RiskMatrix.IsOnScale(risk.Likelihood)) e["likelihood"] = "Likelihood is rated 1 to 5.";
        if (!RiskMatrix.IsOnScale(risk.Impact)) e["impact"] = "Impact is rated 1 to 5.";
        if (!RiskMatrix.IsOnScale(risk.ResidualLikelihood)) e["residualLikelihood"] = "Residual likelihood is rated 1 to 5.";
        if (!RiskMatrix.IsOnScale(risk.ResidualImpact)) e["residualImpact"] = "Residual impact is rated 1 to 5.";
        if (string.IsNullOrWhiteSpace(risk.OwnerObjectId)) e["ownerObjectId"] = "A risk owner (Entra object id) is required.";
        if (!Enum.IsDefined(risk.Category)) e["category"] = "Unknown category.";
        if (!Enum.IsDefined(risk.Source)) e["source"] = "Unknown source.";
        if (!Enum.IsDefined(risk.Treatment)) e["treatment"] = "Unknown treatment option.";
        if (risk.Treatment is TreatmentOption.Mitigate or TreatmentOption.Transfer or TreatmentOption.Avoid && string.IsNullOrWhiteSpace(risk.TreatmentPlan) && risk.Actions.Count == 0)
            e["treatmentPlan"] = "A treatment plan or at least one action is required unless the risk is accepted.";
        if (risk.Treatment == TreatmentOption.Accept && risk.NextReviewDate is null)
            e["nextReviewDate"] = "An accepted risk needs a review date (acceptances expire then).";
        if (RiskMatrix.IsOnScale(risk.Likelihood) && RiskMatrix.IsOnScale(risk.ResidualLikelihood) && RiskMatrix.IsOnScale(risk.Impact) && RiskMatrix.IsOnScale(risk.ResidualImpact)
            && risk.ResidualLikelihood * risk.ResidualImpact > risk.Likelihood * risk.Impact)
            e["residualImpact"] = "The residual rating cannot be higher than the inherent rating.";
        for (var i = 0; i < risk.Actions.Count; i++)
        {
            var a = risk.Actions[i];
            if (string.IsNullOrWhiteSpace(a.Description)) e[$"actions[{i}].description"] = "Each action needs a description.";
            if (string.IsNullOrWhiteSpace(a.OwnerObjectId)) e[$"actions[{i}].ownerObjectId"] = "Each action needs an owner.";
        }

        if (RiskControls.UnknownIds(risk.Controls) is { Count: > 0 } unknown)
        {
            e["controls"] = $"Not Annex A control ids of ISO/IEC 42001 (like A.6.2.6): {string.Join(", ", unknown)}.";
        }

        return e;
    }
}
