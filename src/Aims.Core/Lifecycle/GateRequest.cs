using Aims.Core.Register;

namespace Aims.Core.Lifecycle;

/// <summary>
/// A request to move an AI system to its next life cycle stage (A.6.2), decided by the system's gate approver. The criteria
/// as they stood at the decision are kept with it, so the record shows what the approver saw.
/// </summary>
public sealed record GateRequest
{
    public required string Id { get; init; }
    public required string SystemId { get; init; }
    public required string SystemName { get; init; }
    public required LifecycleStage From { get; init; }
    public required LifecycleStage To { get; init; }
    public required string Reason { get; init; }
    public required string RequestedBy { get; init; }
    public required string RequestedByName { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public required string ApproverObjectId { get; init; }
    public string? ApproverName { get; init; }
    public GateState State { get; init; } = GateState.Pending;
    public string? DecidedBy { get; init; }
    public string? DecidedByName { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? Comment { get; init; }

    /// <summary>The press that decided it (the invoke's activity id, which Teams repeats on a retry).</summary>
    public string? DecisionKey { get; init; }

    public IReadOnlyList<GateCriterion> CriteriaAtDecision { get; init; } = [];
}
