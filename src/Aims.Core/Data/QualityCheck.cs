namespace Aims.Core.Data;

/// <summary>One data quality check of a dataset version (A.7.4): what was checked, its result, by whom and when.</summary>
public sealed record QualityCheck(string Check, QualityResult Result, string Detail, string DatasetVersion, string CheckedBy, string CheckedByName, DateTimeOffset CheckedAt);
