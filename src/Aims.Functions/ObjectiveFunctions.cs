using Aims.Application.Objectives;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// AI objective and monitoring HTTP triggers (6.2, 9.1). Name and route come from <see cref="ObjectiveEndpoints.Routes"/>, the handler from the declaration in <see cref="ObjectiveEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class ObjectiveFunctions
{
    [Function(nameof(ObjectiveEndpoints.Routes.ListObjectives))]
    public Task<IActionResult> ListObjectives([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ObjectiveEndpoints.Routes.ListObjectives)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ObjectiveEndpoints.Routes.CreateObjective))]
    public Task<IActionResult> CreateObjective([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ObjectiveEndpoints.Routes.CreateObjective)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ObjectiveEndpoints.Routes.GetObjective))]
    public Task<IActionResult> GetObjective([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ObjectiveEndpoints.Routes.GetObjective)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ObjectiveEndpoints.Routes.UpdateObjective))]
    public Task<IActionResult> UpdateObjective([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ObjectiveEndpoints.Routes.UpdateObjective)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ObjectiveEndpoints.Routes.RetireObjective))]
    public Task<IActionResult> RetireObjective([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ObjectiveEndpoints.Routes.RetireObjective)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ObjectiveEndpoints.Routes.RecordMeasurement))]
    public Task<IActionResult> RecordMeasurement([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ObjectiveEndpoints.Routes.RecordMeasurement)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ObjectiveEndpoints.Routes.PostMonitoringSignal))]
    public Task<IActionResult> PostMonitoringSignal([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ObjectiveEndpoints.Routes.PostMonitoringSignal)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
