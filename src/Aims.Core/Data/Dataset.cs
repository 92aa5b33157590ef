namespace Aims.Core.Data;

/// <summary>
/// A dataset used by AI systems (A.7): where it comes from and on what terms (A.7.3), whether it holds personal data and on
/// what basis, its provenance (A.7.5), how it is prepared (A.7.6), its version, and every quality check of it (A.7.4).
/// </summary>
public sealed record Dataset
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyList<string> SystemIds { get; init; }
    public required string Source { get; init; }
    public string? Licence { get; init; }
    public DateOnly? AcquiredOn { get; init; }
    public required bool PersonalData { get; init; }
    public string? LegalBasis { get; init; }
    public required string Provenance { get; init; }
    public IReadOnlyList<string> PreparationSteps { get; init; } = [];
    public required string Version { get; init; }
    public IReadOnlyList<QualityCheck> QualityChecks { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string UpdatedBy { get; init; } = string.Empty;

    /// <summary>The controls a change of this record is evidence for: what it documents, no more.</summary>
    public IReadOnlyList<string> EvidenceControls => [.. new[] { "A.7.2", "A.7.3", "A.7.5" }.Concat(PreparationSteps.Count > 0 ? ["A.7.6"] : Array.Empty<string>())];
}
