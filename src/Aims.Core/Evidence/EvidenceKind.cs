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
    public static EvidenceKind ManagementReviewRecord { get; } = new("management-review-record");
    public static EvidenceKind RoleSnapshot { get; } = new("role-snapshot");
    public static EvidenceKind UploadedDocument { get; } = new("uploaded-document");
    public static EvidenceKind RegisterChange { get; } = new("register-change");
    public static EvidenceKind Notification { get; } = new("notification");
    public static EvidenceKind Other { get; } = new("other");

    // Kinds recorded by one workflow each; the coverage rules name them (Aims.Core.Gaps.CoverageRules).
    public static EvidenceKind ImpactAssessment { get; } = new("impact-assessment");
    public static EvidenceKind ImpactAssessmentApproval { get; } = new("impact-assessment-approval");
    public static EvidenceKind LifecycleGateRequest { get; } = new("lifecycle-gate-request");
    public static EvidenceKind LifecycleGateDecision { get; } = new("lifecycle-gate-decision");
    public static EvidenceKind DatasetChange { get; } = new("dataset-change");
    public static EvidenceKind DataQualityCheck { get; } = new("data-quality-check");
    public static EvidenceKind ThirdPartyChange { get; } = new("third-party-change");
    public static EvidenceKind SupplierAssessment { get; } = new("supplier-assessment");
    public static EvidenceKind InternalAudit { get; } = new("internal-audit");
    public static EvidenceKind InternalAuditCompleted { get; } = new("internal-audit-completed");
    public static EvidenceKind AuditFinding { get; } = new("audit-finding");
    public static EvidenceKind AuditNonconformity { get; } = new("audit-nonconformity");
    public static EvidenceKind NonconformityReport { get; } = new("nonconformity-report");
    public static EvidenceKind NonconformityUpdate { get; } = new("nonconformity-update");
    public static EvidenceKind NonconformityCorrection { get; } = new("nonconformity-correction");
    public static EvidenceKind NonconformityCorrectiveAction { get; } = new("nonconformity-corrective-action");
    public static EvidenceKind NonconformitySimilarCheck { get; } = new("nonconformity-similar-check");
    public static EvidenceKind NonconformityEffectivenessReview { get; } = new("nonconformity-effectiveness-review");
    public static EvidenceKind NonconformityFollowUp { get; } = new("nonconformity-follow-up");
    public static EvidenceKind NonconformityReporterRevealed { get; } = new("nonconformity-reporter-revealed");
    public static EvidenceKind DocumentChange { get; } = new("document-change");
    public static EvidenceKind DocumentDecision { get; } = new("document-decision");
    public static EvidenceKind DocumentReview { get; } = new("document-review");
    public static EvidenceKind SoaVersion { get; } = new("soa-version");
    public static EvidenceKind SoaEntryChange { get; } = new("soa-entry-change");
    public static EvidenceKind TrainingCampaign { get; } = new("training-campaign");
    public static EvidenceKind ContextChange { get; } = new("context-change");
    public static EvidenceKind AiObjective { get; } = new("ai-objective");
    public static EvidenceKind ObjectiveMeasurement { get; } = new("objective-measurement");
    public static EvidenceKind BreachAcknowledgement { get; } = new("breach-acknowledgement");
    public static EvidenceKind RiskTreatmentProgress { get; } = new("risk-treatment-progress");
    public static EvidenceKind RiskEffectivenessCheck { get; } = new("risk-effectiveness-check");
    public static EvidenceKind IncidentCommunication { get; } = new("incident-communication");
    public static EvidenceKind ImpactAssessmentReview { get; } = new("impact-assessment-review");

    /// <summary>Null only for <c>default(EvidenceKind)</c>, which the store rejects.</summary>
    public string Value { get; }

    public static bool IsValid(string? value) => value is not null && KindPattern().IsMatch(value);

    public override string ToString() => Value ?? string.Empty;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();
}
