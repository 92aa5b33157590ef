using Aims.Application.Http;
using Aims.Application.Proactive;
using Aims.Core.Identity;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Apis;

/// <summary>The host's own endpoints: health, the Bot Connector endpoint, notifications and the OpenAPI document.</summary>
public static class HostEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string Health = "health";
        public const string HealthDeep = "health/deep";
        public const string Messages = "messages";
        public const string SendNotification = "notifications";
        public const string GetOpenApi = "openapi.json";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<LivenessHandler>(nameof(Routes.Health), Routes.Health, EndpointAccess.Public)
            .Describe("Liveness: the host answers (no sign-in, no probes, nothing about the deployment)."),
        Declare.Get<HealthHandler>(nameof(Routes.HealthDeep), Routes.HealthDeep, EndpointAccess.AppRoleOr(HealthHandler.AppRole, [AimsRole.AimsManager], "read the health report"))
            .Describe("Storage probes per service, directory, bot mode, evidence mirror, warnings; 503 names what fails."),
        Declare.Raw<MessagesHandler>("POST", nameof(Routes.Messages), Routes.Messages)
            .Describe("The Bot Connector endpoint (Bot Framework token, checked by the bot)."),
        Declare.Post<NotificationsHandler, NotificationRequest>(nameof(Routes.SendNotification), Routes.SendNotification, EndpointAccess.Require([AimsRole.AimsManager], "send notifications"))
            .Describe("Queues one proactive card per recipient; a repeated requestId sends nothing twice."),
        Declare.Get<OpenApiHandler>(nameof(Routes.GetOpenApi), Routes.GetOpenApi, EndpointAccess.Public)
            .Describe("This document: every endpoint of the management API with its roles and body schema."),
    ];
}

/// <summary>
/// <c>GET /api/health</c>: that the host runs, for load balancers and uptime checks. Anonymous, so it probes nothing and says
/// nothing about the deployment (no app id, no storage account); the deep report is <see cref="HealthHandler"/>.
/// </summary>
public sealed class LivenessHandler : IEndpointHandler
{
    public Task<IResult> HandleAsync(ApiRequest request) =>
        Task.FromResult(Results.Json(new { status = "ok", version = HealthHandler.Version }));
}

/// <summary><c>GET /api/openapi.json</c>: the OpenAPI document generated from the declarations.</summary>
public sealed class OpenApiHandler : IEndpointHandler
{
    public Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = ApiDocument.Build(ApiEndpoints.All, HealthHandler.Version).ToJsonString();
        return Task.FromResult(Results.Text(json, "application/json; charset=utf-8"));
    }
}
