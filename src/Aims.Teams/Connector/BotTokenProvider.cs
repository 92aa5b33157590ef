using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Teams.Connector;

/// <summary>
/// The bot's outbound token for the Bot Connector service (<see cref="BotOptions.ConnectorScope"/>), cached until five
/// minutes before it expires; one refresh at a time. In development mode (no AppId) there is no token.
/// </summary>
public sealed class BotTokenProvider : IDisposable
{
    /// <summary>Service key under which a <see cref="TokenCredential"/> may be registered to replace the one built from <see cref="BotOptions"/>.</summary>
    public const string CredentialServiceKey = "Aims.Teams.BotConnector";

    /// <summary>Tenant that issues tokens to multi-tenant bots, which have no tenant of their own.</summary>
    internal const string BotFrameworkTenant = "botframework.com";

    internal static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    /// <summary>Audience of the managed identity token that a federated identity credential accepts.</summary>
    internal const string TokenExchangeScope = "api://AzureADTokenExchange/.default";

    private readonly BotOptions _options;
    private readonly ILogger<BotTokenProvider> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Lazy<TokenCredential> _credential;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private AccessToken? _cached;

    public BotTokenProvider(IOptions<BotOptions> options, ILogger<BotTokenProvider> logger, TokenCredential? credential = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _credential = credential is null ? new Lazy<TokenCredential>(() => CreateCredential(_options)) : new Lazy<TokenCredential>(credential);
    }

    /// <summary>The access token, or null in development mode where no Authorization header is sent.</summary>
    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (_options.IsDevelopmentMode)
        {
            return null;
        }

        if (TryGetFresh(out var token))
        {
            return token;
        }

        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (TryGetFresh(out token))
            {
                return token;
            }

            var accessToken = await _credential.Value.GetTokenAsync(new TokenRequestContext([_options.ConnectorScope]), cancellationToken).ConfigureAwait(false);
            _cached = accessToken;
            _logger.LogInformation("Obtained a Bot Connector token for scope {Scope}, valid until {ExpiresOn}", _options.ConnectorScope, accessToken.ExpiresOn);
            return accessToken.Token;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private bool TryGetFresh(out string? token)
    {
        if (_cached is { } cached && _timeProvider.GetUtcNow() < cached.ExpiresOn - RefreshMargin)
        {
            token = cached.Token;
            return true;
        }

        token = null;
        return false;
    }

    /// <summary>Secret, then certificate, then managed identity: the first one configured wins.</summary>
    internal static TokenCredential CreateCredential(BotOptions options)
    {
        var tenantId = string.IsNullOrWhiteSpace(options.TenantId) ? BotFrameworkTenant : options.TenantId;
        if (!string.IsNullOrWhiteSpace(options.FederatedCredentialClientId))
        {
            // The identity's token for the token-exchange audience is the app registration's client assertion.
            var identity = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.FederatedCredentialClientId));
            return new ClientAssertionCredential(tenantId, options.AppId, async ct =>
                (await identity.GetTokenAsync(new TokenRequestContext([TokenExchangeScope]), ct).ConfigureAwait(false)).Token);
        }

        if (!string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            return new ClientSecretCredential(tenantId, options.AppId, options.ClientSecret);
        }

        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return new ClientCertificateCredential(tenantId, options.AppId, options.CertificatePath);
        }

        return new ManagedIdentityCredential(string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? ManagedIdentityId.SystemAssigned
            : ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
    }

    public void Dispose() => _refreshLock.Dispose();
}
