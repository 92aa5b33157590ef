namespace Aims.Core.Data;

/// <summary>A quality check as it arrives from the API, not yet validated.</summary>
public sealed record QualityCheckInput(string? Check, QualityResult? Result, string? Detail);
