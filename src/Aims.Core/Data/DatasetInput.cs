namespace Aims.Core.Data;

/// <summary>A dataset as it arrives from the API, not yet validated.</summary>
public sealed record DatasetInput(
    string? Name,
    IReadOnlyList<string>? SystemIds,
    string? Source,
    string? Licence,
    DateOnly? AcquiredOn,
    bool? PersonalData,
    string? LegalBasis,
    string? Provenance,
    IReadOnlyList<string>? PreparationSteps,
    string? Version);
