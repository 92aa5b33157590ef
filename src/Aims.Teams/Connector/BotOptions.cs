namespace Aims.Teams.Connector;

/// <summary>Settings of the bot (configuration section <c>Bot</c>; app settings <c>Bot__AppId</c> and so on).</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>The bot's Entra application (client) id. Empty means the unauthenticated, loopback-only development mode.</summary>
    public string? AppId { get; set; }

    /// <summary>The Entra tenant of a single-tenant bot: where outbound tokens are requested.</summary>
    public string? TenantId { get; set; }

    /// <summary>Client secret of the bot's app registration (a Key Vault reference in Azure). Leave empty to use a certificate or managed identity.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Path to a PFX/PEM certificate for client-credential authentication, as an alternative to a secret.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>
    /// Client id of a user-assigned managed identity that the bot's app registration trusts through a federated identity
    /// credential: the app then proves itself with that identity's token, and no secret or certificate exists at all.
    /// Preferred in Azure (docs/deploy.md); takes precedence over <see cref="ClientSecret"/> and <see cref="CertificatePath"/>.
    /// </summary>
    public string? FederatedCredentialClientId { get; set; }

    /// <summary>Client id of a user-assigned managed identity, when the bot authenticates as one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Bot Framework OpenID metadata (signing keys with channel endorsements).</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The only channel whose activities are accepted: this is a Teams app.</summary>
    public string ChannelId { get; set; } = "msteams";

    /// <summary>Metadata and signing keys are fetched over HTTPS only. Only tests that serve metadata from loopback turn this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Scope of the outbound token for the Bot Connector service.</summary>
    public string ConnectorScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Tenants whose activities are accepted. Empty accepts none, except in development mode.</summary>
    public IList<string> AllowedTenants { get; } = [];

    /// <summary>Service URLs that may receive our token besides those that arrived in authenticated activities.</summary>
    public IList<string> TrustedServiceUrls { get; } = [];

    /// <summary>Largest accepted request body (bytes); larger bodies get 413.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Teams' global per-app limit (requests per second per tenant); Microsoft's current text says 50.</summary>
    public int AppRequestsPerSecond { get; set; } = 50;

    /// <summary>Minimum time between forced refreshes of signing keys when an unknown key id arrives.</summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsDevelopmentMode => string.IsNullOrWhiteSpace(AppId);
}
