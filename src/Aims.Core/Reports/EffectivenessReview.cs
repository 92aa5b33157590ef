namespace Aims.Core.Reports;

/// <summary>The review of the corrective action's effectiveness (10.2 d), by someone other than who recorded the action.</summary>
public sealed record EffectivenessReview(bool Effective, string Note, string ReviewedBy, string ReviewedByName, DateTimeOffset ReviewedAt);
