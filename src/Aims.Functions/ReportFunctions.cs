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
    [Function(nameof(ReportEndpoints.Routes.RevealReporter))]
    public Task<IActionResult> RevealReporter([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReportEndpoints.Routes.RevealReporter)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReportEndpoints.Routes.ListReports))]
    public Task<IActionResult> ListReports([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReportEndpoints.Routes.ListReports)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReportEndpoints.Routes.UpdateReport))]
    public Task<IActionResult> UpdateReport([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ReportEndpoints.Routes.UpdateReport)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReportEndpoints.Routes.RecordCorrection))]
    public Task<IActionResult> RecordCorrection([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReportEndpoints.Routes.RecordCorrection)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReportEndpoints.Routes.RecordCorrectiveAction))]
    public Task<IActionResult> RecordCorrectiveAction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReportEndpoints.Routes.RecordCorrectiveAction)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReportEndpoints.Routes.CompleteCorrectiveAction))]
    public Task<IActionResult> CompleteCorrectiveAction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReportEndpoints.Routes.CompleteCorrectiveAction)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReportEndpoints.Routes.RecordSimilarCheck))]
    public Task<IActionResult> RecordSimilarCheck([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReportEndpoints.Routes.RecordSimilarCheck)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReportEndpoints.Routes.ReviewCorrectiveEffectiveness))]
    public Task<IActionResult> ReviewCorrectiveEffectiveness([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReportEndpoints.Routes.ReviewCorrectiveEffectiveness)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
