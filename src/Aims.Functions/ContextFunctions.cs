using Aims.Application.Context;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// Context register HTTP triggers (4.1-4.3). Name and route come from <see cref="ContextEndpoints.Routes"/>, the handler from the declaration in <see cref="ContextEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class ContextFunctions
{
    [Function(nameof(ContextEndpoints.Routes.GetContext))]
    public Task<IActionResult> GetContext([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextEndpoints.Routes.GetContext)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ContextEndpoints.Routes.ListContextChanges))]
    public Task<IActionResult> ListContextChanges([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextEndpoints.Routes.ListContextChanges)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ContextEndpoints.Routes.CreateContextIssue))]
    public Task<IActionResult> CreateContextIssue([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ContextEndpoints.Routes.CreateContextIssue)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ContextEndpoints.Routes.UpdateContextIssue))]
    public Task<IActionResult> UpdateContextIssue([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ContextEndpoints.Routes.UpdateContextIssue)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ContextEndpoints.Routes.CreateInterestedParty))]
    public Task<IActionResult> CreateInterestedParty([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ContextEndpoints.Routes.CreateInterestedParty)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ContextEndpoints.Routes.UpdateInterestedParty))]
    public Task<IActionResult> UpdateInterestedParty([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ContextEndpoints.Routes.UpdateInterestedParty)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ContextEndpoints.Routes.UpdateScope))]
    public Task<IActionResult> UpdateScope([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ContextEndpoints.Routes.UpdateScope)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
