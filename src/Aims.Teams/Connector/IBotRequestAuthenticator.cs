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
    public static BotAuthenticationResult Fail(string reason) => new(false, reason, null);
    public static BotAuthenticationResult Success(ClaimsIdentity identity) => new(true, null, identity);
}
