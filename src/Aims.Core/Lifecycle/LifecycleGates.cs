using System.Globalization;
using Aims.Core.Register;

namespace Aims.Core.Lifecycle;

/// <summary>
/// The life cycle as a sequence of gates (A.6.2): from each stage a system moves to the next one only, or to retirement from
/// any stage; each gate's criteria are evaluated against the registers as they are now.
/// </summary>
public static class LifecycleGates
{
    private static readonly LifecycleStage[] Order =
    [
        LifecycleStage.Concept, LifecycleStage.Design, LifecycleStage.Development, LifecycleStage.VerificationAndValidation,
        LifecycleStage.Deployment, LifecycleStage.OperationAndMonitoring, LifecycleStage.Retirement,
    ];

    /// <summary>The stage after <paramref name="stage"/>, or null for a retired system.</summary>
    public static LifecycleStage? Next(LifecycleStage stage)
    {
        var i = Array.IndexOf(Order, stage);
        return i < 0 || i == Order.Length - 1 ? null : Order[i + 1];
    }

    /// <summary>Whether a request from <paramref name="from"/> to <paramref name="to"/> is a gate at all.</summary>
    public static bool IsGate(LifecycleStage from, LifecycleStage to) =>
        from != LifecycleStage.Retirement && (to == Next(from) || to == LifecycleStage.Retirement);

    /// <summary>The Annex A control a decision at the gate into <paramref name="to"/> is evidence for.</summary>
    public static string ControlFor(LifecycleStage to) => to switch
    {
        LifecycleStage.Concept or LifecycleStage.Design => "A.6.2.2",
        LifecycleStage.Development => "A.6.2.3",
        LifecycleStage.VerificationAndValidation => "A.6.2.4",
        LifecycleStage.Deployment => "A.6.2.5",
        _ => "A.6.2.6",
    };

    public static string Describe(LifecycleStage stage) => stage switch
    {
        LifecycleStage.Concept => "concept and requirements",
        LifecycleStage.Design => "design",
        LifecycleStage.Development => "development",
        LifecycleStage.VerificationAndValidation => "verification and validation",
        LifecycleStage.Deployment => "deployment",
        LifecycleStage.OperationAndMonitoring => "operation and monitoring",
        _ => "retirement",
    };

    /// <summary>Every criterion of the gate into <paramref name="to"/>, met or not, in the configured order.</summary>
    public static IReadOnlyList<GateCriterion> Evaluate(LifecycleStage to, GateFacts facts, GateCriteriaOptions options)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        return [.. options.For(to).Select(kind => Evaluate(kind, facts))];
    }

    private static GateCriterion Evaluate(GateCriterionKind kind, GateFacts facts) => kind switch
    {
        GateCriterionKind.RequirementsDocumented => Document(kind, "Documented requirements", "A.6.2.2", LifecycleArtefactPurpose.Requirements, facts),
        GateCriterionKind.DesignDocumented => Document(kind, "Design and development documentation", "A.6.2.3", LifecycleArtefactPurpose.DesignDocumentation, facts),
        GateCriterionKind.VerificationReport => Document(kind, "Verification and validation report", "A.6.2.4", LifecycleArtefactPurpose.VerificationReport, facts),
        GateCriterionKind.DeploymentPlan => Document(kind, "Deployment plan", "A.6.2.5", LifecycleArtefactPurpose.DeploymentPlan, facts),
        GateCriterionKind.RetirementPlan => Document(kind, "Retirement plan", "A.6.2.6", LifecycleArtefactPurpose.RetirementPlan, facts),
        GateCriterionKind.TechnicalDocumentation => Document(kind, "Technical documentation", "A.6.2.7", LifecycleArtefactPurpose.TechnicalDocumentation, facts),
        GateCriterionKind.EventLogPolicy => Document(kind, "Event log policy", "A.6.2.8", LifecycleArtefactPurpose.EventLogPolicy, facts),
        GateCriterionKind.UserInformation => Document(kind, "Information for users", "A.8.2", LifecycleArtefactPurpose.UserInformation, facts),
        GateCriterionKind.ImpactAssessmentCurrent => Assessment(facts),
        GateCriterionKind.NoUntreatedHighRisk => facts.UntreatedHighRiskIds.Count == 0
            ? new(kind, "No untreated High or Critical risk", "A.5.2", true, "Every High or Critical risk of the system has an approved treatment or acceptance.", $"/api/risks?aiSystemId={facts.System.Id}")
            : new(kind, "No untreated High or Critical risk", "A.5.2", false, $"Without an approved treatment: {string.Join(", ", facts.UntreatedHighRiskIds)}.", $"/api/risks?aiSystemId={facts.System.Id}"),
        GateCriterionKind.SoaApproved => facts.ApprovedSoaVersion is { } v
            ? new(kind, "Approved Statement of Applicability", "6.1.3", true, string.Create(CultureInfo.InvariantCulture, $"SoA version {v} is approved."), "/api/soa/versions")
            : new(kind, "Approved Statement of Applicability", "6.1.3", false, "No version of the SoA has been approved.", "/api/soa"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown gate criterion."),
    };

    private static GateCriterion Document(GateCriterionKind kind, string label, string control, LifecycleArtefactPurpose purpose, GateFacts facts)
    {
        if (!facts.Artefacts.TryGetValue(purpose, out var doc))
        {
            return new(kind, label, control, false, $"No document is attached to the system as its {Name(purpose)}.");
        }

        var link = $"/api/documents/{doc.DocumentId}";
        return doc.ApprovedVersion is null
            ? new(kind, label, control, false, $"{doc.DocumentId} '{doc.Title}' has no approved version yet.", link)
            : new(kind, label, control, true, $"{doc.DocumentId} '{doc.Title}' version {doc.ApprovedVersion} approved (SHA-256 {doc.Sha256}).", link);
    }

    private static GateCriterion Assessment(GateFacts facts)
    {
        const string Label = "Approved, current impact assessment";
        var link = $"/api/impact-assessments?aiSystemId={facts.System.Id}";
        if (facts.ApprovedAssessmentId is null || facts.AssessmentApprovedAt is not { } approvedAt)
        {
            return new(GateCriterionKind.ImpactAssessmentCurrent, Label, "A.5.2", false, "No impact assessment of the system has been approved.", link);
        }

        // A significant change since the approval (model, data, intended use, deployment environment) makes it out of date.
        if (facts.System.SignificantChangeAt is { } changed && changed > approvedAt)
        {
            return new(GateCriterionKind.ImpactAssessmentCurrent, Label, "A.5.2", false,
                $"{facts.ApprovedAssessmentId} was approved {approvedAt.UtcDateTime:yyyy-MM-dd}, before the system's significant change of {changed.UtcDateTime:yyyy-MM-dd}; it must be approved again.", link);
        }

        // So does a review that is overdue: current means re-assessed when it was due.
        return facts.AssessmentReviewOverdue is { } overdue
            ? new(GateCriterionKind.ImpactAssessmentCurrent, Label, "A.5.2", false,
                $"{facts.ApprovedAssessmentId} was approved {approvedAt.UtcDateTime:yyyy-MM-dd}, but {overdue}: approve a new version, or have an independent reviewer record it reviewed with no change.", link)
            : new(GateCriterionKind.ImpactAssessmentCurrent, Label, "A.5.2", true, $"{facts.ApprovedAssessmentId} approved {approvedAt.UtcDateTime:yyyy-MM-dd}.", link);
    }

    public static string Name(LifecycleArtefactPurpose purpose) => purpose switch
    {
        LifecycleArtefactPurpose.Requirements => "requirements",
        LifecycleArtefactPurpose.DesignDocumentation => "design documentation",
        LifecycleArtefactPurpose.VerificationReport => "verification and validation report",
        LifecycleArtefactPurpose.DeploymentPlan => "deployment plan",
        LifecycleArtefactPurpose.RetirementPlan => "retirement plan",
        LifecycleArtefactPurpose.TechnicalDocumentation => "technical documentation",
        LifecycleArtefactPurpose.EventLogPolicy => "event log policy",
        _ => "information for users",
    };
}
