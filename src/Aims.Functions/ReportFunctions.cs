using Aims.Application.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// Report HTTP triggers. Name and route come from <see cref="ReportEndpoints.Routes"/>, the handler from the declaration in <see cref="ReportEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class ReportFunctions
{
    [Function(nameof(ReportEndpoints.Routes.ListReports))]
    public Task<IActionResult> ListReports([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReportEndpoints.Routes.ListReports)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReportEndpoints.Routes.UpdateReport))]
    public Task<IActionResult> UpdateReport([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ReportEndpoints.Routes.UpdateReport)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
