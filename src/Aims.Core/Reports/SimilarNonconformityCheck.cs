namespace Aims.Core.Reports;

/// <summary>Whether similar nonconformities exist or could occur (10.2 b): which other reports were reviewed, and the conclusion.</summary>
public sealed record SimilarNonconformityCheck(IReadOnlyList<string> ReviewedReportIds, string Conclusion, string RecordedBy, string RecordedByName, DateTimeOffset RecordedAt);
