using System.Globalization;
using System.Text;
using Aims.Core.Catalog;
using Aims.Core.Evidence;

namespace Aims.Core.Gaps;

/// <summary>
/// The coverage rules of the gap analysis, one row per assessable clause item and per Annex A control: which operating
/// records satisfy it. Reviewable on purpose: docs/coverage.md is generated from this table, and a test keeps it current.
/// Automatic events (reminders, escalations, launches, snapshots, notifications, digests) satisfy nothing on their own:
/// none of them is an <see cref="OperatingRecord"/>, and anything the AIMS records as itself is refused by every record.
/// Documents count only for the requirements that ask for documented information; a procedure tagged with a control shows
/// intent, not operation, so a control is covered by a review or audit of it, or by the decision its workflow produces.
/// </summary>
public static class CoverageRules
{
    public static OperatingRecord RiskDecision { get; } = new("risk-decision", "Risk treatment decision",
        "A risk owner approves, rejects or accepts a risk's treatment on the risk approval card (or its API twin).", EvidenceKind.RiskDecision);

    public static OperatingRecord SoaApproval { get; } = new("soa-approval", "Approved SoA version",
        "Top management approves a version of the Statement of Applicability (never someone who edited it since the last version).", EvidenceKind.SoaVersion);

    public static OperatingRecord ImpactAssessmentApproval { get; } = new("impact-assessment-approval", "Approved impact assessment",
        "An impact assessment is submitted and approved by someone other than its author.", EvidenceKind.ImpactAssessmentApproval);

    public static OperatingRecord ManagementReviewOutcome { get; } = new("management-review-outcome", "Management review outcome",
        "Top management records the management review held on a digest: date, attendees, the conclusion on the AIMS's suitability, adequacy and effectiveness, and its decisions (a press on the digest alone is not a review).",
        EvidenceKind.ManagementReviewRecord, "management-review:");

    public static OperatingRecord ImprovementOpportunity { get; } = new("improvement-opportunity", "Improvement opportunity",
        "An AIMS manager records an opportunity for improvement for management review.", EvidenceKind.ReviewOutcome, "management-review:opportunities");

    public static OperatingRecord ReviewTaskOutcome { get; } = new("review-task-outcome", "Review task outcome",
        "The person responsible answers a review task of a review cycle (reviewed, or changes needed).", EvidenceKind.ReviewOutcome, "review-cycle:");

    public static OperatingRecord AuditPlanned { get; } = new("internal-audit-planned", "Planned internal audit",
        "An AIMS manager plans an internal audit of the programme, with scope, date and auditor.", EvidenceKind.InternalAudit);

    public static OperatingRecord AuditCompleted { get; } = new("internal-audit-completed", "Completed internal audit",
        "The auditor completes an internal audit with its results.", EvidenceKind.InternalAuditCompleted);

    public static OperatingRecord AuditFinding { get; } = new("audit-finding", "Audit finding (conforming)",
        "An auditor records an observation or an opportunity for improvement against the item during an internal audit.", EvidenceKind.AuditFinding);

    public static OperatingRecord NonconformityReported { get; } = new("nonconformity-reported", "Concern or nonconformity reported",
        "Somebody reports a concern, an incident or a nonconformity (anonymously if they choose).", EvidenceKind.NonconformityReport);

    public static OperatingRecord NonconformityHandled { get; } = new("nonconformity-handled", "Nonconformity handled",
        "The report's handler records its cause, correction, corrective action or closure.", EvidenceKind.NonconformityUpdate);

    public static OperatingRecord CorrectiveActionReviewed { get; } = new("corrective-action-reviewed", "Corrective action reviewed",
        "Someone other than who recorded a nonconformity's corrective action reviews its effectiveness, after the correction, the completed action and the check for similar nonconformities.", EvidenceKind.NonconformityEffectivenessReview);

    public static OperatingRecord RiskTreatmentChecked { get; } = new("risk-treatment-checked", "Risk treatment effectiveness checked",
        "Once every treatment action is done, the risk owner re-rates the residual risk and records what the check showed, with evidence.", EvidenceKind.RiskEffectivenessCheck);

    public static OperatingRecord BreachAcknowledged { get; } = new("breach-acknowledged", "Breach acknowledged",
        "The AI system's owner acknowledges a breached objective or a monitoring alert on its card.", EvidenceKind.BreachAcknowledgement);

    public static OperatingRecord Attestation { get; } = new("training-attestation", "Training attestation",
        "A person attests that they completed an assigned training.", EvidenceKind.Attestation);

    public static OperatingRecord GateDecision { get; } = new("lifecycle-gate-decision", "Life cycle gate decision",
        "The AI system's gate approver (neither its owner nor the requester) approves or rejects its move to the next life cycle stage, against the gate's criteria.", EvidenceKind.LifecycleGateDecision);

    public static OperatingRecord DatasetRecorded { get; } = new("dataset-recorded", "Dataset recorded",
        "A data owner records a dataset an AI system uses: its source and licence, acquisition, provenance, preparation steps and version (each change a new record).", EvidenceKind.DatasetChange);

    public static OperatingRecord DataQualityChecked { get; } = new("data-quality-check", "Data quality check",
        "A data owner records a quality check of a dataset version, with its result.", EvidenceKind.DataQualityCheck);

    public static OperatingRecord ThirdPartyRecorded { get; } = new("third-party-recorded", "Supplier or customer recorded",
        "An AIMS manager records a supplier or customer of an AI system with the allocation of responsibilities, or what the customer is told.", EvidenceKind.ThirdPartyChange);

    public static OperatingRecord SupplierAssessed { get; } = new("supplier-assessment", "Supplier assessment",
        "An AIMS manager records the assessment of a supplier, with its outcome.", EvidenceKind.SupplierAssessment);

    public static OperatingRecord IncidentCommunicated { get; } = new("incident-communication", "Incident communicated",
        "The AI system's owner or an AIMS manager records how an incident was communicated: to whom, when, by what channel, what was said, by whom.", EvidenceKind.IncidentCommunication);

    public static OperatingRecord ImpactAssessmentReviewed { get; } = new("impact-assessment-review", "Impact assessment reviewed, no change",
        "An independent reviewer (an AIMS manager or top management, neither its author nor the system's owner) records that an approved impact assessment was re-assessed and stays valid, with the reason and the next review date.", EvidenceKind.ImpactAssessmentReview);

    public static OperatingRecord DocumentDecision { get; } = new("document-decision", "Document approval decision",
        "An approver other than the author approves or rejects a version of a controlled document.", EvidenceKind.DocumentDecision);

    public static OperatingRecord DocumentReview { get; } = new("document-review", "Document review",
        "The document's owner records its periodic review (still valid, or revision needed).", EvidenceKind.DocumentReview);

    public static OperatingRecord ContextRecord { get; } = new("context-record", "Context register entry",
        "An AIMS manager records or changes an internal or external issue, an interested party or the AIMS scope.", EvidenceKind.ContextChange);

    public static OperatingRecord ObjectiveSet { get; } = new("objective-set", "AI objective set",
        "An AIMS manager sets or changes an AI objective with its target and measure.", EvidenceKind.AiObjective);

    /// <summary>Every operating record, in the order docs/coverage.md lists them.</summary>
    public static IReadOnlyList<OperatingRecord> Records { get; } =
    [
        RiskDecision, SoaApproval, ImpactAssessmentApproval, ManagementReviewOutcome, ImprovementOpportunity, ReviewTaskOutcome, AuditPlanned,
        AuditCompleted, AuditFinding, NonconformityReported, NonconformityHandled, CorrectiveActionReviewed, RiskTreatmentChecked, BreachAcknowledged, Attestation, DocumentDecision, DocumentReview,
        ContextRecord, ObjectiveSet, ImpactAssessmentReviewed, IncidentCommunicated,
    ];

    /// <summary>Evidence kinds the app records that are never an operating record: what happened automatically or was only prepared.</summary>
    public static IReadOnlyList<EvidenceKind> NeverSufficient { get; } =
    [
        EvidenceKind.Notification, EvidenceKind.RoleSnapshot, EvidenceKind.ManagementReviewDigest, EvidenceKind.TrainingCampaign, EvidenceKind.RegisterChange,
        EvidenceKind.UploadedDocument, EvidenceKind.DocumentChange, EvidenceKind.ImpactAssessment, EvidenceKind.ObjectiveMeasurement, EvidenceKind.AuditNonconformity,
        EvidenceKind.Other,
    ];

    /// <summary>What reviews or audits every control: an answered review task or a conforming audit finding against it.</summary>
    private static readonly OperatingRecord[] Checked = [ReviewTaskOutcome, AuditFinding];

    private static readonly (string Id, OperatingRecord[] Records, string[] ExtraTags)[] Table =
    [
        ("4.1", [ContextRecord, ReviewTaskOutcome], []),
        ("4.2", [ContextRecord, ReviewTaskOutcome], []),
        ("4.3", [ContextRecord], []),
        ("4.4", [AuditCompleted, ManagementReviewOutcome], ["9.2", "9.3"]),
        ("5.1", [ManagementReviewOutcome], []),
        ("5.2", [DocumentDecision, DocumentReview, ReviewTaskOutcome], []),
        ("5.3", [ReviewTaskOutcome, DocumentDecision, AuditFinding], []),
        ("6.1.1", [ContextRecord, ReviewTaskOutcome], []),
        ("6.1.2", [RiskDecision, ReviewTaskOutcome], []),
        ("6.1.3", [RiskDecision, SoaApproval, ReviewTaskOutcome, RiskTreatmentChecked], []),
        ("6.1.4", [ImpactAssessmentApproval, ImpactAssessmentReviewed, ReviewTaskOutcome], []),
        ("6.2", [ObjectiveSet], []),
        ("6.3", [ContextRecord, ReviewTaskOutcome], []),
        ("7.1", [ReviewTaskOutcome, DocumentDecision, AuditFinding], []),
        ("7.2", [Attestation], []),
        ("7.3", [Attestation], []),
        ("7.4", [ReviewTaskOutcome, DocumentDecision, AuditFinding], []),
        ("7.5.1", [DocumentDecision, DocumentReview], []),
        ("7.5.2", [DocumentDecision, DocumentReview], []),
        ("7.5.3", [DocumentDecision, DocumentReview], []),
        ("8.1", [ReviewTaskOutcome, AuditFinding], []),
        ("8.2", [RiskDecision, ReviewTaskOutcome], []),
        ("8.3", [RiskDecision, RiskTreatmentChecked], []),
        ("8.4", [ImpactAssessmentApproval, ImpactAssessmentReviewed, ReviewTaskOutcome], []),
        ("9.1", [BreachAcknowledged, ReviewTaskOutcome, RiskTreatmentChecked], []),
        ("9.2.1", [AuditCompleted], ["9.2"]),
        ("9.2.2", [AuditPlanned, ReviewTaskOutcome], ["9.2"]),
        ("9.3.1", [ManagementReviewOutcome], ["9.3"]),
        ("9.3.2", [ManagementReviewOutcome], ["9.3"]),
        ("9.3.3", [ManagementReviewOutcome], []),
        ("10.1", [ImprovementOpportunity, ReviewTaskOutcome], []),
        ("10.2", [NonconformityHandled, CorrectiveActionReviewed, BreachAcknowledged], []),
        ("A.2.2", [DocumentDecision, .. Checked], []),
        ("A.2.3", [DocumentDecision, .. Checked], []),
        ("A.2.4", [DocumentReview, DocumentDecision, .. Checked], []),
        ("A.3.2", [DocumentDecision, .. Checked], []),
        ("A.3.3", [NonconformityReported, .. Checked], []),
        ("A.4.2", Checked, []),
        ("A.4.3", Checked, []),
        ("A.4.4", Checked, []),
        ("A.4.5", Checked, []),
        ("A.4.6", [Attestation, .. Checked], []),
        ("A.5.2", [ImpactAssessmentApproval, ImpactAssessmentReviewed, .. Checked], []),
        ("A.5.3", [ImpactAssessmentApproval, ImpactAssessmentReviewed, .. Checked], []),
        ("A.5.4", [ImpactAssessmentApproval, ImpactAssessmentReviewed, .. Checked], []),
        ("A.5.5", [ImpactAssessmentApproval, ImpactAssessmentReviewed, .. Checked], []),
        ("A.6.1.2", [ObjectiveSet, .. Checked], []),
        ("A.6.1.3", [DocumentDecision, .. Checked], []),
        ("A.6.2.2", [GateDecision, .. Checked], []),
        ("A.6.2.3", [GateDecision, .. Checked], []),
        ("A.6.2.4", [GateDecision, .. Checked], []),
        ("A.6.2.5", [GateDecision, .. Checked], []),
        ("A.6.2.6", [GateDecision, BreachAcknowledged, .. Checked], []),
        ("A.6.2.7", [DocumentDecision, .. Checked], []),
        ("A.6.2.8", Checked, []),
        ("A.7.2", [DatasetRecorded, .. Checked], []),
        ("A.7.3", [DatasetRecorded, .. Checked], []),
        ("A.7.4", [DataQualityChecked, .. Checked], []),
        ("A.7.5", [DatasetRecorded, .. Checked], []),
        ("A.7.6", [DatasetRecorded, .. Checked], []),
        ("A.8.2", [DocumentDecision, .. Checked], []),
        ("A.8.3", Checked, []),
        ("A.8.4", [IncidentCommunicated, BreachAcknowledged, NonconformityHandled, .. Checked], []),
        ("A.8.5", Checked, []),
        ("A.9.2", [DocumentDecision, .. Checked], []),
        ("A.9.3", [ObjectiveSet, .. Checked], []),
        ("A.9.4", Checked, []),
        ("A.10.2", [ThirdPartyRecorded, .. Checked], []),
        ("A.10.3", [SupplierAssessed, .. Checked], []),
        ("A.10.4", [ThirdPartyRecorded, .. Checked], []),
    ];

    /// <summary>One rule per assessable clause item and per Annex A control, in catalog order.</summary>
    public static IReadOnlyList<CoverageRule> All { get; } = Build();

    private static readonly Dictionary<string, CoverageRule> ById = All.ToDictionary(r => r.ItemId, StringComparer.Ordinal);

    public static CoverageRule For(string itemId) =>
        ById.TryGetValue(itemId, out var rule) ? rule : throw new KeyNotFoundException($"No coverage rule for '{itemId}'.");

    /// <summary>docs/coverage.md: the table as a reviewer reads it.</summary>
    public static string RenderMarkdown()
    {
        var md = new StringBuilder();
        md.Append("# Coverage rules\n\n")
          .Append("Generated from `Aims.Core.Gaps.CoverageRules` (a test fails when this page and the table differ; regenerate with\n")
          .Append("`AIMS_WRITE_DOCS=1 ./aims test --filter FullyQualifiedName~CoverageRulesTests`).\n\n")
          .Append("The gap analysis counts a clause item or an Annex A control as covered only when an **operating record** of the work it\n")
          .Append("asks for exists within its review period, tagged with the item. A heading (6.1, 7.5, 9.2, 9.3) is covered only when\n")
          .Append("all its sub-items are; evidence tagged with a heading covers a sub-item only where the table names that heading.\n")
          .Append("Anything the AIMS records by itself (actor `AIMS`) never counts, and these kinds of evidence never count on their own:\n")
          .Append(string.Join(", ", NeverSufficient.Select(k => $"`{k.Value}`"))).Append(".\n\n")
          .Append("## Operating records\n\n| Record | Evidence kind | Workflow |\n| --- | --- | --- |\n");
        foreach (var r in Records)
        {
            var kind = r.SubjectPrefix is null ? $"`{r.Kind.Value}`" : $"`{r.Kind.Value}` on `{r.SubjectPrefix}…`";
            if (r.ExceptSubjectPrefix is not null) kind += $" (not `{r.ExceptSubjectPrefix}`)";
            md.Append(CultureInfo.InvariantCulture, $"| {r.Name} | {kind} | {r.Workflow} |\n");
        }

        md.Append("\n## Rules\n\n| Item | Title | Satisfied by | Tagged with |\n| --- | --- | --- | --- |\n");
        foreach (var rule in All)
        {
            var item = Iso42001Catalog.Find(rule.ItemId)!;
            md.Append(CultureInfo.InvariantCulture,
                $"| {rule.ItemId} | {item.Title} | {string.Join("; ", rule.SatisfiedBy.Select(r => r.Name))} | {string.Join(", ", rule.Tags)} |\n");
        }

        return md.ToString();
    }

    private static List<CoverageRule> Build()
    {
        var rows = Table.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var assessable = Iso42001Catalog.AssessableClauses.Concat(Iso42001Catalog.Controls).ToList();
        var missing = assessable.Select(i => i.Id).Where(id => !rows.ContainsKey(id)).ToList();
        var unknown = rows.Keys.Where(id => assessable.All(i => i.Id != id)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw new InvalidOperationException($"Coverage rules out of step with the catalog: missing {string.Join(", ", missing)}; unknown {string.Join(", ", unknown)}.");
        }

        return [.. assessable.Select(item =>
        {
            var (_, records, extra) = rows[item.Id];
            var wouldSatisfy = records.Length == 1
                ? $"A {records[0].Name.ToLowerInvariant()}: {records[0].Workflow}"
                : "One of: " + string.Join("; ", records.Select(r => r.Name.ToLowerInvariant())) + $" ({records[0].Workflow})";
            return new CoverageRule(item.Id, records, [item.Id, .. extra], wouldSatisfy);
        })];
    }
}
