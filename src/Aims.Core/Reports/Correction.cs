namespace Aims.Core.Reports;

/// <summary>The immediate action to control and correct a nonconformity and deal with its consequences (10.2 a).</summary>
public sealed record Correction(string Description, string RecordedBy, string RecordedByName, DateTimeOffset RecordedAt);
