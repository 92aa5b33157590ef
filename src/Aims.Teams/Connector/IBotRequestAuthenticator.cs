using System.Security.Claims;
using Aims.Teams.Protocol;

namespace Aims.Teams.Connector;

/// <summary>Validates the Bearer token of an inbound Bot Connector request against the activity it carries.</summary>
public interface IBotRequestAuthenticator
{
    Task<BotAuthenticationResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken = default);
}

public sealed record BotAuthenticationResult(bool Succeeded, string? FailureReason, ClaimsIdentity? Identity)
{
    /// <summary>Which check failed; <see cref="BotAuthenticationFailure.None"/> on success. The reason text is for logs, this is for code.</summary>
    public BotAuthenticationFailure Failure { get; init; }

    public static BotAuthenticationResult Fail(string reason) => Fail(BotAuthenticationFailure.Other, reason);

    public static BotAuthenticationResult Fail(BotAuthenticationFailure failure, string reason) => new(false, reason, null) { Failure = failure };

    /// <summary>
    /// The serviceUrl the validated token vouched for (its serviceurl claim equals the activity's), or in development mode the
    /// loopback serviceUrl of the local client. Null on failure. Nothing else may be trusted or stored as a chat address.
    /// </summary>
    public Uri? VouchedServiceUrl { get; init; }

    public static BotAuthenticationResult Success(ClaimsIdentity identity, Uri vouchedServiceUrl) =>
        new(true, null, identity) { VouchedServiceUrl = vouchedServiceUrl };
}

/// <summary>The check of "Authentication with the Bot Connector API" that an inbound request failed.</summary>
public enum BotAuthenticationFailure
{
    None = 0,
    Other,
    MissingAuthorizationHeader,
    UnsupportedScheme,
    MalformedToken,
    UnsupportedAlgorithm,
    UntrustedIssuer,
    InvalidAudience,
    Expired,
    NotYetValid,
    MissingLifetime,
    SigningKeyNotFound,
    InvalidSignature,
    MetadataUnavailable,
    ServiceUrlMismatch,
    MissingServiceUrlClaim,
    ChannelNotEndorsed,
    MissingActivityFields,
    UnsupportedChannel,
}
