namespace Aims.Core.Identity;

/// <summary>The roles of the AI management system (ISO/IEC 42001 clause 5.3). Each maps to Entra ID groups.</summary>
public enum AimsRole
{
    AimsManager,
    RiskOwner,
    TopManagement,
    Auditor,
    Staff,
}
