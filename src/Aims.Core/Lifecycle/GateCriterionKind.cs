namespace Aims.Core.Lifecycle;

/// <summary>The checks a life cycle gate can ask for; which gate asks for which is configured (<see cref="GateCriteriaOptions"/>).</summary>
public enum GateCriterionKind
{
    RequirementsDocumented,
    DesignDocumented,
    VerificationReport,
    ImpactAssessmentCurrent,
    DeploymentPlan,
    NoUntreatedHighRisk,
    SoaApproved,
    RetirementPlan,
    TechnicalDocumentation,
    EventLogPolicy,
    UserInformation,
}
