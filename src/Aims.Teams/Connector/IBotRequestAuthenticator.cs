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

    public static BotAuthenticationResult Success(ClaimsIdentity identity) => new(true, null, identity);
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
}
