using Aims.Application.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// AI system life cycle HTTP triggers (A.6.2 gates). Name and route come from <see cref="LifecycleEndpoints.Routes"/>, the handler from the declaration in <see cref="LifecycleEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class LifecycleFunctions
{
    [Function(nameof(LifecycleEndpoints.Routes.GetGateStatus))]
    public Task<IActionResult> GetGateStatus([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = LifecycleEndpoints.Routes.GetGateStatus)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(LifecycleEndpoints.Routes.RequestGate))]
    public Task<IActionResult> RequestGate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = LifecycleEndpoints.Routes.RequestGate)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(LifecycleEndpoints.Routes.SetSystemArtefact))]
    public Task<IActionResult> SetSystemArtefact([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = LifecycleEndpoints.Routes.SetSystemArtefact)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(LifecycleEndpoints.Routes.ListGateRequests))]
    public Task<IActionResult> ListGateRequests([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = LifecycleEndpoints.Routes.ListGateRequests)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(LifecycleEndpoints.Routes.GetGateRequest))]
    public Task<IActionResult> GetGateRequest([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = LifecycleEndpoints.Routes.GetGateRequest)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(LifecycleEndpoints.Routes.DecideGate))]
    public Task<IActionResult> DecideGate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = LifecycleEndpoints.Routes.DecideGate)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
