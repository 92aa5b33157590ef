using Aims.Application.ThirdParties;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// Supplier and customer register HTTP triggers (A.10). Name and route come from <see cref="ThirdPartyEndpoints.Routes"/>, the handler from the declaration in <see cref="ThirdPartyEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class ThirdPartyFunctions
{
    [Function(nameof(ThirdPartyEndpoints.Routes.ListThirdParties))]
    public Task<IActionResult> ListThirdParties([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ThirdPartyEndpoints.Routes.ListThirdParties)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ThirdPartyEndpoints.Routes.CreateThirdParty))]
    public Task<IActionResult> CreateThirdParty([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ThirdPartyEndpoints.Routes.CreateThirdParty)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ThirdPartyEndpoints.Routes.GetThirdParty))]
    public Task<IActionResult> GetThirdParty([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ThirdPartyEndpoints.Routes.GetThirdParty)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ThirdPartyEndpoints.Routes.UpdateThirdParty))]
    public Task<IActionResult> UpdateThirdParty([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ThirdPartyEndpoints.Routes.UpdateThirdParty)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ThirdPartyEndpoints.Routes.AssessSupplier))]
    public Task<IActionResult> AssessSupplier([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ThirdPartyEndpoints.Routes.AssessSupplier)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
