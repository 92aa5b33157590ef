using Aims.Application.Http;
using Aims.Application.Reports;
using Aims.Application.Reviews;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>HTTP triggers of the management review and report capability, one per entry of <see cref="HttpRoutes.All"/>.</summary>
public sealed class ReviewFunctions
{
    [Function("SendManagementReview")]
    public Task<IActionResult> SendManagementReview([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "management-reviews")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<SendManagementReviewHandler>(request, context);

    [Function("AddImprovementOpportunity")]
    public Task<IActionResult> AddImprovementOpportunity([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "management-reviews/opportunities")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<AddOpportunityHandler>(request, context);

    [Function("CompleteReviewAction")]
    public Task<IActionResult> CompleteReviewAction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "management-reviews/actions/{id}/complete")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CompleteReviewActionHandler>(request, context);

    [Function("ListReports")]
    public Task<IActionResult> ListReports([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListReportsHandler>(request, context);

    [Function("UpdateReport")]
    public Task<IActionResult> UpdateReport([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "reports/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<UpdateReportHandler>(request, context);

    [Function("ListReviewCycles")]
    public Task<IActionResult> ListReviewCycles([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "review-cycles")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListReviewCyclesHandler>(request, context);

    [Function("CreateReviewCycle")]
    public Task<IActionResult> CreateReviewCycle([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "review-cycles")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CreateReviewCycleHandler>(request, context);

    [Function("ListReviewTasks")]
    public Task<IActionResult> ListReviewTasks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "review-cycles/{id}/tasks")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListReviewTasksHandler>(request, context);

    [Function("ListInternalAudits")]
    public Task<IActionResult> ListInternalAudits([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "internal-audits")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListInternalAuditsHandler>(request, context);

    [Function("PlanInternalAudit")]
    public Task<IActionResult> PlanInternalAudit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "internal-audits")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<PlanInternalAuditHandler>(request, context);

    [Function("RecordAuditFinding")]
    public Task<IActionResult> RecordAuditFinding([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "internal-audits/{id}/findings")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<RecordAuditFindingHandler>(request, context);

    [Function("CompleteInternalAudit")]
    public Task<IActionResult> CompleteInternalAudit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "internal-audits/{id}/complete")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CompleteInternalAuditHandler>(request, context);
}
