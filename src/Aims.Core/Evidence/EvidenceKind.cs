using System.Text.RegularExpressions;

namespace Aims.Core.Evidence;

/// <summary>
/// What a piece of evidence is. String-backed so new kinds need no schema change; the value is part of the content
/// address, so the well-known values below must never be renamed.
/// </summary>
public readonly partial record struct EvidenceKind
{
    public EvidenceKind(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException($"An evidence kind is 1-64 lowercase letters, digits and dashes (got '{value}').", nameof(value));
        }

        Value = value;
    }

    public static EvidenceKind RiskDecision { get; } = new("risk-decision");
    public static EvidenceKind Attestation { get; } = new("attestation");
    public static EvidenceKind ManagementReviewDigest { get; } = new("management-review-digest");
    public static EvidenceKind ReviewOutcome { get; } = new("review-outcome");
    public static EvidenceKind RoleSnapshot { get; } = new("role-snapshot");
    public static EvidenceKind UploadedDocument { get; } = new("uploaded-document");
    public static EvidenceKind RegisterChange { get; } = new("register-change");
    public static EvidenceKind Notification { get; } = new("notification");
    public static EvidenceKind Other { get; } = new("other");

    /// <summary>Null only for <c>default(EvidenceKind)</c>, which the store rejects.</summary>
    public string Value { get; }

    public static bool IsValid(string? value) => value is not null && KindPattern().IsMatch(value);

    public override string ToString() => Value ?? string.Empty;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();
}
