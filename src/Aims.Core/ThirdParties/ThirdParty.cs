namespace Aims.Core.ThirdParties;

/// <summary>
/// A supplier or customer of AI systems (A.10): what it provides or receives, the allocation of responsibilities (A.10.2),
/// the assessments of a supplier (A.10.3), and what a customer is told (A.10.4).
/// </summary>
public sealed record ThirdParty
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required ThirdPartyRelationship Relationship { get; init; }
    public required IReadOnlyList<string> SystemIds { get; init; }
    public required string Provides { get; init; }
    public IReadOnlyList<Responsibility> Responsibilities { get; init; } = [];
    public string? CustomerInformation { get; init; }
    public IReadOnlyList<SupplierAssessment> Assessments { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string UpdatedBy { get; init; } = string.Empty;

    public SupplierAssessment? LatestAssessment => Assessments.Count == 0 ? null : Assessments[^1];

    /// <summary>The controls a change of this record is evidence for: what it records.</summary>
    public IReadOnlyList<string> EvidenceControls =>
        [.. (Responsibilities.Count > 0 ? new[] { "A.10.2" } : []).Concat(CustomerInformation is { Length: > 0 } ? ["A.10.4"] : Array.Empty<string>())];
}
