using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Risks;

namespace Aims.Core.Lifecycle;

/// <summary>
/// The rules of a gate request: who may ask, who may decide (the system's gate approver, never its owner or the requester:
/// separation of duties as for risks), and that an approval needs every criterion met.
/// </summary>
public static class GateWorkflow
{
    public const int MaxReasonLength = 1000;

    /// <summary>A new request to move <paramref name="system"/> to <paramref name="to"/>; refused with the reason when it cannot be asked.</summary>
    public static GateRequest Open(string id, AiSystem system, LifecycleStage to, string? reason, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(actor);
        var from = system.Details.Stage;
        if (system.Retired)
        {
            throw new WorkflowRefusedException($"{system.Name} is retired; its record is kept read-only.");
        }

        if (!LifecycleGates.IsGate(from, to))
        {
            throw new WorkflowRefusedException(LifecycleGates.Next(from) is { } next
                ? $"{system.Name} is in {LifecycleGates.Describe(from)}; it can move to {LifecycleGates.Describe(next)} or to retirement, not to {LifecycleGates.Describe(to)}."
                : $"{system.Name} is retired; it has no next stage.");
        }

        if (system.Details.GateApproverObjectId is not { Length: > 0 } approver)
        {
            throw new WorkflowRefusedException($"{system.Name} has no gate approver; an AIMS manager names one on the system first.");
        }

        if (string.Equals(approver, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            throw new WorkflowRefusedException("You are this system's gate approver, so you cannot also request its gate (separation of duties); ask its owner or an AIMS manager to request it.");
        }

        return new GateRequest
        {
            Id = id,
            SystemId = system.Id,
            SystemName = system.Name,
            From = from,
            To = to,
            Reason = string.IsNullOrWhiteSpace(reason) ? $"Move to {LifecycleGates.Describe(to)}" : reason.Trim(),
            RequestedBy = actor.ObjectId,
            RequestedByName = actor.DisplayName,
            RequestedAt = now,
            ApproverObjectId = approver,
        };
    }

    /// <summary>Why <paramref name="actorObjectId"/> may not decide <paramref name="request"/>, or null when they may.</summary>
    public static string? WhyNot(GateRequest request, AiSystem system, string actorObjectId)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(system);
        if (request.State != GateState.Pending)
        {
            return $"This gate was {request.State.ToString().ToLowerInvariant()} by {request.DecidedByName} on {request.DecidedAt?.UtcDateTime:yyyy-MM-dd}.";
        }

        if (string.Equals(actorObjectId, system.Details.OwnerObjectId, StringComparison.OrdinalIgnoreCase))
        {
            return "You own this AI system, so you cannot approve its gate (separation of duties).";
        }

        if (string.Equals(actorObjectId, request.RequestedBy, StringComparison.OrdinalIgnoreCase))
        {
            return "You requested this gate, so you cannot decide it (separation of duties).";
        }

        return string.Equals(actorObjectId, request.ApproverObjectId, StringComparison.OrdinalIgnoreCase)
            ? null
            : "Only the system's gate approver decides this gate.";
    }

    /// <summary>
    /// The decision: approval needs every criterion met (the unmet ones are named); a rejection needs a reason. The request keeps
    /// the criteria as evaluated for the decision.
    /// </summary>
    public static GateRequest Decide(GateRequest request, AiSystem system, IReadOnlyList<GateCriterion> criteria, Actor actor, bool approve, string? comment, string decisionKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(actor);
        if (WhyNot(request, system, actor.ObjectId) is { } why)
        {
            throw new WorkflowRefusedException(why);
        }

        if (system.Details.Stage != request.From)
        {
            throw new WorkflowRefusedException($"{system.Name} is no longer in {LifecycleGates.Describe(request.From)}; this request is out of date.");
        }

        var unmet = criteria.Where(c => !c.Met).ToList();
        if (approve && unmet.Count > 0)
        {
            throw new WorkflowRefusedException("Not every criterion is met: " + string.Join("; ", unmet.Select(c => $"{c.Label} ({c.Detail})")));
        }

        if (!approve && string.IsNullOrWhiteSpace(comment))
        {
            throw new WorkflowRefusedException("Say why the gate is rejected.");
        }

        return request with
        {
            State = approve ? GateState.Approved : GateState.Rejected,
            DecidedBy = actor.ObjectId,
            DecidedByName = actor.DisplayName,
            DecidedAt = now,
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            DecisionKey = decisionKey,
            CriteriaAtDecision = criteria,
        };
    }
}
