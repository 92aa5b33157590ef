using Aims.Application.Http;
using Aims.Application.Register;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Functions;

/// <summary>
/// HTTP triggers of the register capability (AI system inventory, Statement of Applicability, gap analysis), one per
/// entry of <see cref="HttpRoutes.All"/>. Route parameters are declared so Functions binds them; handlers read them from
/// the request's route values.
/// </summary>
public sealed class RegisterFunctions
{
    [Function("GetCatalog")]
    public Task<IActionResult> GetCatalog([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog")] HttpRequest request) =>
        RunAsync<CatalogHandler>(request);

    [Function("ListSystems")]
    public Task<IActionResult> ListSystems([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "systems")] HttpRequest request) =>
        RunAsync<ListSystemsHandler>(request);

    [Function("CreateSystem")]
    public Task<IActionResult> CreateSystem([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "systems")] HttpRequest request) =>
        RunAsync<CreateSystemHandler>(request);

    [Function("ExportSystems")]
    public Task<IActionResult> ExportSystems([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "systems/export")] HttpRequest request) =>
        RunAsync<ExportSystemsHandler>(request);

    [Function("ImportSystems")]
    public Task<IActionResult> ImportSystems([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "systems/import")] HttpRequest request) =>
        RunAsync<ImportSystemsHandler>(request);

    [Function("GetSystem")]
    public Task<IActionResult> GetSystem([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "systems/{id}")] HttpRequest request, string id) =>
        RunAsync<GetSystemHandler>(request);

    [Function("UpdateSystem")]
    public Task<IActionResult> UpdateSystem([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "systems/{id}")] HttpRequest request, string id) =>
        RunAsync<UpdateSystemHandler>(request);

    [Function("RetireSystem")]
    public Task<IActionResult> RetireSystem([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "systems/{id}/retire")] HttpRequest request, string id) =>
        RunAsync<RetireSystemHandler>(request);

    [Function("GetSoa")]
    public Task<IActionResult> GetSoa([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "soa")] HttpRequest request) =>
        RunAsync<GetSoaHandler>(request);

    [Function("ApproveSoa")]
    public Task<IActionResult> ApproveSoa([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "soa/approve")] HttpRequest request) =>
        RunAsync<ApproveSoaHandler>(request);

    [Function("ListSoaVersions")]
    public Task<IActionResult> ListSoaVersions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "soa/versions")] HttpRequest request) =>
        RunAsync<ListSoaVersionsHandler>(request);

    [Function("ExportSoa")]
    public Task<IActionResult> ExportSoa([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "soa/export")] HttpRequest request) =>
        RunAsync<ExportSoaHandler>(request);

    [Function("UpdateSoaEntry")]
    public Task<IActionResult> UpdateSoaEntry([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "soa/{controlId}")] HttpRequest request, string controlId) =>
        RunAsync<UpdateSoaEntryHandler>(request);

    [Function("GetGaps")]
    public Task<IActionResult> GetGaps([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "gaps")] HttpRequest request) =>
        RunAsync<GapsHandler>(request);

    private static async Task<IActionResult> RunAsync<THandler>(HttpRequest request)
        where THandler : IHttpHandler
    {
        var handler = request.HttpContext.RequestServices.GetRequiredService<THandler>();
        return new ResultAction(await handler.HandleAsync(request.HttpContext));
    }

    /// <summary>Lets a minimal-API result travel through the Functions ASP.NET Core integration, which expects IActionResult.</summary>
    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
