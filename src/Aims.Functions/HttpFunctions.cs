using Aims.Application.Apis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// The host's own HTTP triggers. Name and route come from <see cref="HostEndpoints.Routes"/>, the handler from the declaration in <see cref="HostEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class HttpFunctions
{
    [Function(nameof(HostEndpoints.Routes.Health))]
    public Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HostEndpoints.Routes.Health)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(HostEndpoints.Routes.HealthDeep))]
    public Task<IActionResult> HealthDeep([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HostEndpoints.Routes.HealthDeep)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(HostEndpoints.Routes.Messages))]
    public Task<IActionResult> Messages([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = HostEndpoints.Routes.Messages)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(HostEndpoints.Routes.SendNotification))]
    public Task<IActionResult> SendNotification([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = HostEndpoints.Routes.SendNotification)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(HostEndpoints.Routes.GetOpenApi))]
    public Task<IActionResult> GetOpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HostEndpoints.Routes.GetOpenApi)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
