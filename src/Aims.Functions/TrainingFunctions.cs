using Aims.Application.Training;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// Training campaign HTTP triggers. Name and route come from <see cref="TrainingEndpoints.Routes"/>, the handler from the declaration in <see cref="TrainingEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class TrainingFunctions
{
    [Function(nameof(TrainingEndpoints.Routes.CreateCampaign))]
    public Task<IActionResult> CreateCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = TrainingEndpoints.Routes.CreateCampaign)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(TrainingEndpoints.Routes.ListCampaigns))]
    public Task<IActionResult> ListCampaigns([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = TrainingEndpoints.Routes.ListCampaigns)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(TrainingEndpoints.Routes.GetCampaign))]
    public Task<IActionResult> GetCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = TrainingEndpoints.Routes.GetCampaign)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(TrainingEndpoints.Routes.LaunchCampaign))]
    public Task<IActionResult> LaunchCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = TrainingEndpoints.Routes.LaunchCampaign)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(TrainingEndpoints.Routes.RepublishCampaign))]
    public Task<IActionResult> RepublishCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = TrainingEndpoints.Routes.RepublishCampaign)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(TrainingEndpoints.Routes.GetCampaignStatus))]
    public Task<IActionResult> GetCampaignStatus([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = TrainingEndpoints.Routes.GetCampaignStatus)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(TrainingEndpoints.Routes.ExportCampaign))]
    public Task<IActionResult> ExportCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = TrainingEndpoints.Routes.ExportCampaign)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
