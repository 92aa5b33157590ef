namespace Aims.Core.Lifecycle;

/// <summary>One criterion of a gate as evaluated now: met or not, what shows it (or what is missing), and the control it serves.</summary>
public sealed record GateCriterion(GateCriterionKind Kind, string Label, string Control, bool Met, string Detail, string? Link = null);
