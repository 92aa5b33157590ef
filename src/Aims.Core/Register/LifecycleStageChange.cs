namespace Aims.Core.Register;

/// <summary>A move to another life cycle stage, opened by the approved gate request that names it.</summary>
public sealed record LifecycleStageChange(LifecycleStage To, string GateRequestId);
