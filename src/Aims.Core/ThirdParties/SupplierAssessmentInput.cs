namespace Aims.Core.ThirdParties;

/// <summary>A supplier assessment as it arrives from the API, not yet validated.</summary>
public sealed record SupplierAssessmentInput(AssessmentOutcome? Outcome, string? Summary);
