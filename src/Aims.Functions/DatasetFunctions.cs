using Aims.Application.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// Dataset register HTTP triggers (A.7). Name and route come from <see cref="DatasetEndpoints.Routes"/>, the handler from the declaration in <see cref="DatasetEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class DatasetFunctions
{
    [Function(nameof(DatasetEndpoints.Routes.ListDatasets))]
    public Task<IActionResult> ListDatasets([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DatasetEndpoints.Routes.ListDatasets)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(DatasetEndpoints.Routes.CreateDataset))]
    public Task<IActionResult> CreateDataset([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DatasetEndpoints.Routes.CreateDataset)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(DatasetEndpoints.Routes.GetDataset))]
    public Task<IActionResult> GetDataset([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DatasetEndpoints.Routes.GetDataset)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(DatasetEndpoints.Routes.UpdateDataset))]
    public Task<IActionResult> UpdateDataset([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = DatasetEndpoints.Routes.UpdateDataset)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(DatasetEndpoints.Routes.AddQualityCheck))]
    public Task<IActionResult> AddQualityCheck([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DatasetEndpoints.Routes.AddQualityCheck)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
