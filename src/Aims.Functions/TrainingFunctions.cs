using Aims.Application.Training;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>HTTP triggers of training campaigns (issue 8), one per entry of HttpRoutes.All.</summary>
public sealed class TrainingFunctions
{
    [Function("CreateCampaign")]
    public Task<IActionResult> CreateCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CreateCampaignHandler>(request, context);

    [Function("ListCampaigns")]
    public Task<IActionResult> ListCampaigns([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListCampaignsHandler>(request, context);

    [Function("GetCampaign")]
    public Task<IActionResult> GetCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<GetCampaignHandler>(request, context);

    [Function("LaunchCampaign")]
    public Task<IActionResult> LaunchCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{id}/launch")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<LaunchCampaignHandler>(request, context);

    [Function("RepublishCampaign")]
    public Task<IActionResult> RepublishCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "campaigns/{id}/republish")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<RepublishCampaignHandler>(request, context);

    [Function("GetCampaignStatus")]
    public Task<IActionResult> GetCampaignStatus([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{id}/status")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CampaignStatusHandler>(request, context);

    [Function("ExportCampaign")]
    public Task<IActionResult> ExportCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{id}/export")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ExportCampaignHandler>(request, context);

}
