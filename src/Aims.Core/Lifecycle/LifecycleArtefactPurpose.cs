namespace Aims.Core.Lifecycle;

/// <summary>What a controlled document attached to an AI system is for: the gate criteria ask for these by purpose.</summary>
public enum LifecycleArtefactPurpose
{
    /// <summary>Documented requirements and specification (A.6.2.2).</summary>
    Requirements,

    /// <summary>Design and development documentation (A.6.2.3).</summary>
    DesignDocumentation,

    /// <summary>The verification and validation test report (A.6.2.4).</summary>
    VerificationReport,

    /// <summary>The deployment plan (A.6.2.5).</summary>
    DeploymentPlan,

    /// <summary>The retirement plan: how the system is taken out of service and what happens to its data.</summary>
    RetirementPlan,

    /// <summary>Technical documentation for those who operate or audit the system (A.6.2.7).</summary>
    TechnicalDocumentation,

    /// <summary>The event log policy: what the system logs and how long it is kept (A.6.2.8).</summary>
    EventLogPolicy,

    /// <summary>The information published for the system's users and other interested parties (A.8.2).</summary>
    UserInformation,
}
