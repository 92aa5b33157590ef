using Aims.Core.Identity;

namespace Aims.Application.Register;

/// <summary>Who may use the register endpoints.</summary>
internal static class RegisterApi
{
    /// <summary>Reading the register, the SoA and the catalog: any AIMS role.</summary>
    public static readonly AimsRole[] Readers = Enum.GetValues<AimsRole>();

    /// <summary>Bulk views (export, gaps): those who oversee the AIMS.</summary>
    public static readonly AimsRole[] Overseers = [AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement];

    public static readonly AimsRole[] Managers = [AimsRole.AimsManager];

    public const long MaxJsonBodyBytes = 256 * 1024;
    public const long MaxCsvBodyBytes = 4 * 1024 * 1024;
}
