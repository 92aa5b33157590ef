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
    public Task<IActionResult> GetCatalog([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CatalogHandler>(request, context);

    [Function("ListSystems")]
    public Task<IActionResult> ListSystems([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "systems")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListSystemsHandler>(request, context);

    [Function("CreateSystem")]
    public Task<IActionResult> CreateSystem([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "systems")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CreateSystemHandler>(request, context);

    [Function("ExportSystems")]
    public Task<IActionResult> ExportSystems([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "systems/export")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ExportSystemsHandler>(request, context);

    [Function("ImportSystems")]
    public Task<IActionResult> ImportSystems([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "systems/import")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ImportSystemsHandler>(request, context);

    [Function("GetSystem")]
    public Task<IActionResult> GetSystem([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "systems/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<GetSystemHandler>(request, context);

    [Function("UpdateSystem")]
    public Task<IActionResult> UpdateSystem([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "systems/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<UpdateSystemHandler>(request, context);

    [Function("RetireSystem")]
    public Task<IActionResult> RetireSystem([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "systems/{id}/retire")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<RetireSystemHandler>(request, context);

    [Function("GetSoa")]
    public Task<IActionResult> GetSoa([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "soa")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<GetSoaHandler>(request, context);

    [Function("ApproveSoa")]
    public Task<IActionResult> ApproveSoa([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "soa/approve")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ApproveSoaHandler>(request, context);

    [Function("ListSoaVersions")]
    public Task<IActionResult> ListSoaVersions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "soa/versions")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListSoaVersionsHandler>(request, context);

    [Function("ExportSoa")]
    public Task<IActionResult> ExportSoa([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "soa/export")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ExportSoaHandler>(request, context);

    [Function("UpdateSoaEntry")]
    public Task<IActionResult> UpdateSoaEntry([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "soa/{controlId}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<UpdateSoaEntryHandler>(request, context);

    [Function("GetGaps")]
    public Task<IActionResult> GetGaps([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "gaps")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<GapsHandler>(request, context);
}
