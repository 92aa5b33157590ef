using Aims.Application.Register;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// Register HTTP triggers (AI system inventory, Statement of Applicability, catalog, gap analysis). Name and route come from <see cref="RegisterEndpoints.Routes"/>, the handler from the declaration in <see cref="RegisterEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class RegisterFunctions
{
    [Function(nameof(RegisterEndpoints.Routes.GetCatalog))]
    public Task<IActionResult> GetCatalog([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RegisterEndpoints.Routes.GetCatalog)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.ListSystems))]
    public Task<IActionResult> ListSystems([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RegisterEndpoints.Routes.ListSystems)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.CreateSystem))]
    public Task<IActionResult> CreateSystem([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RegisterEndpoints.Routes.CreateSystem)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.ExportSystems))]
    public Task<IActionResult> ExportSystems([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RegisterEndpoints.Routes.ExportSystems)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.ImportSystems))]
    public Task<IActionResult> ImportSystems([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RegisterEndpoints.Routes.ImportSystems)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.GetSystem))]
    public Task<IActionResult> GetSystem([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RegisterEndpoints.Routes.GetSystem)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.UpdateSystem))]
    public Task<IActionResult> UpdateSystem([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = RegisterEndpoints.Routes.UpdateSystem)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.RetireSystem))]
    public Task<IActionResult> RetireSystem([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RegisterEndpoints.Routes.RetireSystem)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.GetSoa))]
    public Task<IActionResult> GetSoa([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RegisterEndpoints.Routes.GetSoa)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.ApproveSoa))]
    public Task<IActionResult> ApproveSoa([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RegisterEndpoints.Routes.ApproveSoa)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.SubmitSoa))]
    public Task<IActionResult> SubmitSoa([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RegisterEndpoints.Routes.SubmitSoa)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.ListSoaChanges))]
    public Task<IActionResult> ListSoaChanges([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RegisterEndpoints.Routes.ListSoaChanges)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.ListSoaVersionChanges))]
    public Task<IActionResult> ListSoaVersionChanges([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RegisterEndpoints.Routes.ListSoaVersionChanges)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.ListSoaVersions))]
    public Task<IActionResult> ListSoaVersions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RegisterEndpoints.Routes.ListSoaVersions)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.ExportSoa))]
    public Task<IActionResult> ExportSoa([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RegisterEndpoints.Routes.ExportSoa)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.UpdateSoaEntry))]
    public Task<IActionResult> UpdateSoaEntry([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = RegisterEndpoints.Routes.UpdateSoaEntry)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RegisterEndpoints.Routes.GetGaps))]
    public Task<IActionResult> GetGaps([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RegisterEndpoints.Routes.GetGaps)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
