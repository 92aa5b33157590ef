namespace Aims.Core.ThirdParties;

/// <summary>An assessment of a supplier (A.10.3): its outcome, what it found, by whom and when, and the supplier review task it answered, if any.</summary>
public sealed record SupplierAssessment(AssessmentOutcome Outcome, string Summary, string AssessedBy, string AssessedByName, DateTimeOffset AssessedAt, string? ReviewTaskId = null);
