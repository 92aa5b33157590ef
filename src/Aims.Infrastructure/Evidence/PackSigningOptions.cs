namespace Aims.Infrastructure.Evidence;

/// <summary>Configuration section <c>AuditPack</c>: the Key Vault key that signs pack manifests.</summary>
public sealed class PackSigningOptions
{
    public const string SectionName = "AuditPack";

    /// <summary>The key's identifier, <c>https://{vault}.vault.azure.net/keys/{name}</c> (optionally with a version).</summary>
    public string? SigningKeyId { get; set; }

    /// <summary>Client id of the user-assigned identity that may sign (Key Vault Crypto User); empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public string Scope { get; set; } = "https://vault.azure.net/.default";
}
