using System.Net;
using System.Text.Json;
using Aims.Teams.Connector;
using Aims.Teams.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Teams.Conversations;

/// <summary>
/// <c>POST /api/messages</c>: content type, size limit, parse, shape check, authentication, tenant allowlist, then the handler.
/// Nothing malformed, unauthenticated or from another tenant reaches a handler, and the turn knows only the serviceUrl that
/// authentication vouched for.
/// </summary>
public sealed class BotEndpoint(
    IOptions<BotOptions> options,
    IBotRequestAuthenticator authenticator,
    IConnectorClient connector,
    IActivityHandler handler,
    ILogger<BotEndpoint> logger)
{
    public async Task<IResult> HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var o = options.Value;
        var ct = http.RequestAborted;
        if (!IsJson(http.Request.ContentType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "An activity is sent as application/json.");
        }

        if (http.Request.ContentLength > o.MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"The activity is larger than {o.MaxBodyBytes} bytes.");
        }

        byte[] body;
        using (var buffer = new MemoryStream())
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > o.MaxBodyBytes)
                {
                    return Problem(StatusCodes.Status413PayloadTooLarge, $"The activity is larger than {o.MaxBodyBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            body = buffer.ToArray();
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body, ProtocolJson.Options);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Rejected a malformed activity: {Reason}", ex.Message);
            return Problem(StatusCodes.Status400BadRequest, "The body is not a valid activity (malformed JSON).");
        }

        var shapeError = activity is null ? "The body is empty." : CheckShape(activity);
        if (shapeError is not null)
        {
            logger.LogWarning("Rejected an activity: {Reason}", shapeError);
            return Problem(StatusCodes.Status400BadRequest, shapeError);
        }

        if (o.IsDevelopmentMode && !IsLoopback(http.Connection.RemoteIpAddress))
        {
            logger.LogWarning("Development mode refuses a request from {Remote}", http.Connection.RemoteIpAddress);
            return Problem(StatusCodes.Status401Unauthorized, "The bot runs without authentication (no Bot:AppId) and accepts only loopback requests.");
        }

        // In both modes: development mode checks that the serviceUrl is loopback, production validates the token.
        var auth = await authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString(), activity!, ct);
        if (!auth.Succeeded || auth.VouchedServiceUrl is null)
        {
            logger.LogWarning("Rejected an activity {ActivityId} from {ChannelId}: {Reason}", activity!.Id, activity.ChannelId, auth.FailureReason);
            return Problem(StatusCodes.Status401Unauthorized, "Authentication failed.");
        }

        var tenant = activity!.TenantId;
        if (!IsAllowedTenant(o, tenant))
        {
            logger.LogWarning("Rejected an activity from tenant {TenantId}, which is not allowed", tenant);
            return Problem(StatusCodes.Status403Forbidden, "This tenant is not allowed to use this app.");
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["ActivityId"] = activity.Id,
            ["ActivityType"] = activity.Type,
            ["ConversationId"] = activity.Conversation?.Id,
            ["ActorObjectId"] = activity.From?.AadObjectId,
        });
        var turn = new TurnContext(activity, auth.VouchedServiceUrl, connector, ct);
        InvokeResponse? response;
        try
        {
            response = await handler.HandleAsync(turn);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The router turns handler failures into cards; this is the last guard so Teams never sees a 500 with a stack.
            logger.LogError(ex, "Activity {ActivityType} failed", activity.Type);
            if (activity.Type == ActivityTypes.Invoke)
            {
                return Results.Json(new { statusCode = 500, type = "application/vnd.microsoft.error", value = new { code = "InternalError", message = "The app could not process this action." } }, statusCode: 200);
            }

            return Results.Ok();
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            response ??= new InvokeResponse(200, null);
            return response.Body is null
                ? Results.StatusCode(response.Status)
                : Results.Json(response.Body, ProtocolJson.Options, statusCode: response.Status);
        }

        return Results.Ok();
    }

    internal static string? CheckShape(Activity a)
    {
        if (string.IsNullOrWhiteSpace(a.Type)) return "The activity has no type.";
        if (string.IsNullOrWhiteSpace(a.ServiceUrl) || !Uri.TryCreate(a.ServiceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return "The activity has no valid serviceUrl.";
        if (string.IsNullOrWhiteSpace(a.Conversation?.Id)) return "The activity has no conversation.";
        if (string.IsNullOrWhiteSpace(a.From?.Id)) return "The activity has no from.";
        return null;
    }

    private static bool IsAllowedTenant(BotOptions o, string? tenant)
    {
        if (o.AllowedTenants.Count == 0)
        {
            // Development mode without a list accepts any tenant (the Playground's mock tenant); production needs a list.
            return o.IsDevelopmentMode;
        }

        return tenant is not null && o.AllowedTenants.Contains(tenant, StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.MediaType.HasValue && media.MediaType.Value!.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);
}
