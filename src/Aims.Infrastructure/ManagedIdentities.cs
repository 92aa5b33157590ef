using Azure.Core;
using Azure.Identity;

namespace Aims.Infrastructure;

/// <summary>The app's managed identity as a credential, for callers outside Infrastructure (telemetry with Entra auth).</summary>
public static class ManagedIdentities
{
    /// <summary>The system-assigned identity, or the user-assigned one with <paramref name="clientId"/>.</summary>
    public static TokenCredential For(string? clientId) => string.IsNullOrWhiteSpace(clientId)
        ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
        : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
}
