using System.Net;
using System.Security.Claims;
using Aims.Teams.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Aims.Teams.Connector;

/// <summary>
/// Connector-to-bot authentication as described in Microsoft's "Authentication with the Bot Connector API": a Bearer JWT
/// issued by the Bot Framework (issuer https://api.botframework.com, keys from its OpenID metadata with channel
/// endorsements), audience the bot's app id, RS256, lifetime with five minutes of clock skew, and a serviceUrl claim equal
/// to the activity's. That claim is what vouches for the serviceUrl: only a vouched serviceUrl is ever trusted to receive
/// the bot's outbound token or stored as a chat address.
/// </summary>
/// <remarks>
/// Tokens that Entra ID issues for the bot's app id are refused: any app in the tenant can obtain one (client credentials
/// with the bot's app id as resource), and Microsoft documents no claim that tells the Bot Connector service apart from
/// such an app, so on that path neither the sender nor its serviceUrl could be trusted. See docs/security.md.
/// </remarks>
public sealed class BotRequestAuthenticator : IBotRequestAuthenticator
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client used to fetch OpenID metadata and signing keys.</summary>
    public const string MetadataHttpClientName = "Aims.Teams.BotMetadata";

    public const string BotFrameworkIssuer = "https://api.botframework.com";

    internal static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const string BearerScheme = "Bearer";
    private const string DevelopmentAuthenticationType = "BotDevelopmentMode";

    private readonly BotOptions _options;
    private readonly ILogger<BotRequestAuthenticator> _logger;
    private readonly ITrustedServiceUrls? _trustedServiceUrls;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly OpenIdMetadataSource _botFramework;

    public BotRequestAuthenticator(
        IOptions<BotOptions> options,
        IHttpClientFactory httpClientFactory,
        ILogger<BotRequestAuthenticator> logger,
        ITrustedServiceUrls? trustedServiceUrls = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _options = options.Value;
        _logger = logger;
        _trustedServiceUrls = trustedServiceUrls;
        timeProvider ??= TimeProvider.System;

        var retriever = new HttpClientFactoryDocumentRetriever(httpClientFactory, MetadataHttpClientName, _options.RequireHttpsMetadata);
        _botFramework = new OpenIdMetadataSource(_options.OpenIdMetadataUrl, retriever, _options.MetadataRefreshInterval, timeProvider);
    }

    public async Task<BotAuthenticationResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);

        var result = await AuthenticateCoreAsync(authorizationHeader, activity, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // Never the token itself: only which check failed and the activity's routing fields.
            _logger.LogWarning(
                "Inbound Bot Connector request refused: {AuthenticationFailure} {FailureReason} (channel {ChannelId}, serviceUrl {ServiceUrl})",
                result.Failure, result.FailureReason, activity.ChannelId, activity.ServiceUrl);
        }

        return result;
    }

    private async Task<BotAuthenticationResult> AuthenticateCoreAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        // The app is a Teams app: activities of any other channel are refused in every mode.
        if (!string.Equals(activity.ChannelId, _options.ChannelId, StringComparison.Ordinal))
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.UnsupportedChannel, $"channel '{activity.ChannelId}' is not '{_options.ChannelId}'");
        }

        if (_options.IsDevelopmentMode)
        {
            return AuthenticateDevelopmentMode(activity);
        }

        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.MissingAuthorizationHeader, "no Authorization header");
        }

        var separator = authorizationHeader.IndexOf(' ', StringComparison.Ordinal);
        if (separator <= 0 || !authorizationHeader.AsSpan(0, separator).Equals(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.UnsupportedScheme, "the Authorization scheme is not Bearer");
        }

        var token = authorizationHeader[(separator + 1)..].Trim();
        if (token.Length == 0)
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.MalformedToken, "the Bearer token is empty");
        }

        if (string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.MissingActivityFields, "the activity has no serviceUrl");
        }

        JsonWebToken unvalidated;
        try
        {
            unvalidated = _handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.MalformedToken, "the Bearer token is not a JWT");
        }

        // Checked before any key lookup so that "none" and HMAC tokens are refused for what they are.
        if (!string.Equals(unvalidated.Alg, SecurityAlgorithms.RsaSha256, StringComparison.Ordinal))
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.UnsupportedAlgorithm, $"signing algorithm '{unvalidated.Alg}' is not RS256");
        }

        if (string.IsNullOrEmpty(unvalidated.Kid))
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.SigningKeyNotFound, "the token header has no kid");
        }

        if (!string.Equals(unvalidated.Issuer, BotFrameworkIssuer, StringComparison.Ordinal))
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.UntrustedIssuer, $"issuer '{unvalidated.Issuer}' is not the Bot Framework's");
        }

        var source = _botFramework;
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await source.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (!HasKey(configuration, unvalidated.Kid) && source.TryForceRefreshAsync(cancellationToken) is { } refresh)
            {
                _logger.LogInformation("Signing key {KeyId} is unknown; refreshing OpenID metadata from {MetadataAddress}", unvalidated.Kid, source.MetadataAddress);
                configuration = await refresh.ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "OpenID metadata from {MetadataAddress} is unavailable", source.MetadataAddress);
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.MetadataUnavailable, "signing keys could not be retrieved");
        }

        if (!HasKey(configuration, unvalidated.Kid))
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.SigningKeyNotFound, $"signing key '{unvalidated.Kid}' is not in the OpenID metadata");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = BotFrameworkIssuer,
            ValidAudience = _options.AppId,
            IssuerSigningKeys = configuration.SigningKeys,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ClockSkew = ClockSkew,
        };

        var validation = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            return MapValidationFailure(validation.Exception);
        }

        var validated = (JsonWebToken)validation.SecurityToken;
        var serviceUrlClaim = GetServiceUrlClaim(validated);
        if (serviceUrlClaim is null)
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.MissingServiceUrlClaim, "the token has no serviceUrl claim");
        }

        if (!ServiceUrlsMatch(serviceUrlClaim, activity.ServiceUrl))
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.ServiceUrlMismatch, "the token's serviceUrl claim does not match the activity's serviceUrl");
        }

        var keyId = validated.SigningKey?.KeyId ?? unvalidated.Kid;
        var endorsements = source.GetEndorsements(configuration, keyId);
        if (endorsements is null || !endorsements.Contains(activity.ChannelId!, StringComparer.Ordinal))
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.ChannelNotEndorsed, $"signing key '{keyId}' is not endorsed for channel '{activity.ChannelId}'");
        }

        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var vouched))
        {
            return BotAuthenticationResult.Fail(BotAuthenticationFailure.MissingActivityFields, "the activity's serviceUrl is not an absolute URL");
        }

        // Only a serviceUrl the token vouches for may later receive our outbound token.
        _trustedServiceUrls?.Trust(vouched);
        return BotAuthenticationResult.Success(validation.ClaimsIdentity, vouched);
    }

    /// <summary>Without an app id there is nothing to validate a token against; only a local emulator on loopback is served.</summary>
    private static BotAuthenticationResult AuthenticateDevelopmentMode(Activity activity)
    {
        if (Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) && IsLoopback(serviceUrl))
        {
            return BotAuthenticationResult.Success(new ClaimsIdentity(DevelopmentAuthenticationType), serviceUrl);
        }

        return BotAuthenticationResult.Fail(BotAuthenticationFailure.Other, "development mode (no AppId) accepts only activities whose serviceUrl is loopback");
    }

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static bool HasKey(OpenIdConnectConfiguration configuration, string keyId) =>
        configuration.SigningKeys.Any(key => string.Equals(key.KeyId, keyId, StringComparison.Ordinal));

    private static string? GetServiceUrlClaim(JsonWebToken token)
    {
        // Bot Framework has used both spellings.
        if (token.TryGetPayloadValue<string>("serviceurl", out var lower) && !string.IsNullOrEmpty(lower))
        {
            return lower;
        }

        return token.TryGetPayloadValue<string>("serviceUrl", out var camel) && !string.IsNullOrEmpty(camel) ? camel : null;
    }

    internal static bool ServiceUrlsMatch(string claim, string activityServiceUrl) =>
        string.Equals(claim.TrimEnd('/'), activityServiceUrl.TrimEnd('/'), StringComparison.Ordinal);

    private static BotAuthenticationResult MapValidationFailure(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => BotAuthenticationResult.Fail(BotAuthenticationFailure.Expired, "the token has expired (beyond the allowed clock skew)"),
        SecurityTokenNotYetValidException => BotAuthenticationResult.Fail(BotAuthenticationFailure.NotYetValid, "the token is not valid yet (beyond the allowed clock skew)"),
        SecurityTokenNoExpirationException => BotAuthenticationResult.Fail(BotAuthenticationFailure.MissingLifetime, "the token has no expiration time"),
        SecurityTokenInvalidLifetimeException => BotAuthenticationResult.Fail(BotAuthenticationFailure.MissingLifetime, "the token's lifetime is invalid"),
        SecurityTokenInvalidIssuerException => BotAuthenticationResult.Fail(BotAuthenticationFailure.UntrustedIssuer, "the token's issuer is not accepted"),
        SecurityTokenInvalidAudienceException => BotAuthenticationResult.Fail(BotAuthenticationFailure.InvalidAudience, "the token's audience is not this bot's app id"),
        SecurityTokenSignatureKeyNotFoundException => BotAuthenticationResult.Fail(BotAuthenticationFailure.SigningKeyNotFound, "no signing key matches the token"),
        SecurityTokenInvalidSignatureException => BotAuthenticationResult.Fail(BotAuthenticationFailure.InvalidSignature, "the token's signature is invalid"),
        SecurityTokenInvalidAlgorithmException => BotAuthenticationResult.Fail(BotAuthenticationFailure.UnsupportedAlgorithm, "the token's signing algorithm is not allowed"),
        SecurityTokenMalformedException => BotAuthenticationResult.Fail(BotAuthenticationFailure.MalformedToken, "the token is malformed"),
        _ => BotAuthenticationResult.Fail(BotAuthenticationFailure.Other, $"token validation failed ({exception?.GetType().Name ?? "unknown"})"),
    };
}
