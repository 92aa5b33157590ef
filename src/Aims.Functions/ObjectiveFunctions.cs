using Aims.Application.Objectives;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>HTTP triggers of AI objectives, measurements and monitoring signals (6.2, 9.1), one per entry of HttpRoutes.All.</summary>
public sealed class ObjectiveFunctions
{
    [Function("ListObjectives")]
    public Task<IActionResult> ListObjectives([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "objectives")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListObjectivesHandler>(request, context);

    [Function("CreateObjective")]
    public Task<IActionResult> CreateObjective([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "objectives")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CreateObjectiveHandler>(request, context);

    [Function("GetObjective")]
    public Task<IActionResult> GetObjective([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "objectives/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<GetObjectiveHandler>(request, context);

    [Function("UpdateObjective")]
    public Task<IActionResult> UpdateObjective([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "objectives/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<UpdateObjectiveHandler>(request, context);

    [Function("RetireObjective")]
    public Task<IActionResult> RetireObjective([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "objectives/{id}/retire")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<RetireObjectiveHandler>(request, context);

    [Function("RecordMeasurement")]
    public Task<IActionResult> RecordMeasurement([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "objectives/{id}/measurements")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<RecordMeasurementHandler>(request, context);

    [Function("PostMonitoringSignal")]
    public Task<IActionResult> PostMonitoringSignal([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "monitoring/signals")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<PostMonitoringSignalHandler>(request, context);
}
