using Aims.Application.Apis;
using Aims.Application.Http;
using Aims.Application.Proactive;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Functions;

/// <summary>HTTP triggers, one per entry of <see cref="HttpRoutes.All"/>; each hands the request to the shared handler.</summary>
public sealed class HttpFunctions
{
    [Function("Health")]
    public Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<HealthHandler>(request, context);

    [Function("Messages")]
    public Task<IActionResult> Messages([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "messages")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<MessagesHandler>(request, context);

    [Function("SendNotification")]
    public Task<IActionResult> SendNotification([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "notifications")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<NotificationsHandler>(request, context);
}
