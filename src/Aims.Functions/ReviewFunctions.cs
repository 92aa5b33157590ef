using Aims.Application.Reviews;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// Management review, review cycle and internal audit HTTP triggers. Name and route come from <see cref="ReviewEndpoints.Routes"/>, the handler from the declaration in <see cref="ReviewEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class ReviewFunctions
{
    [Function(nameof(ReviewEndpoints.Routes.SendManagementReview))]
    public Task<IActionResult> SendManagementReview([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReviewEndpoints.Routes.SendManagementReview)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.AddImprovementOpportunity))]
    public Task<IActionResult> AddImprovementOpportunity([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReviewEndpoints.Routes.AddImprovementOpportunity)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.CompleteReviewAction))]
    public Task<IActionResult> CompleteReviewAction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReviewEndpoints.Routes.CompleteReviewAction)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.ListManagementReviews))]
    public Task<IActionResult> ListManagementReviews([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReviewEndpoints.Routes.ListManagementReviews)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.GetManagementReview))]
    public Task<IActionResult> GetManagementReview([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReviewEndpoints.Routes.GetManagementReview)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.GetCurrentManagementReview))]
    public Task<IActionResult> GetCurrentManagementReview([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReviewEndpoints.Routes.GetCurrentManagementReview)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.RecordManagementReview))]
    public Task<IActionResult> RecordManagementReview([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReviewEndpoints.Routes.RecordManagementReview)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.CloseManagementReview))]
    public Task<IActionResult> CloseManagementReview([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReviewEndpoints.Routes.CloseManagementReview)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.ListReviewCycles))]
    public Task<IActionResult> ListReviewCycles([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReviewEndpoints.Routes.ListReviewCycles)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.CreateReviewCycle))]
    public Task<IActionResult> CreateReviewCycle([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReviewEndpoints.Routes.CreateReviewCycle)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.ListReviewTasks))]
    public Task<IActionResult> ListReviewTasks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReviewEndpoints.Routes.ListReviewTasks)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.ListInternalAudits))]
    public Task<IActionResult> ListInternalAudits([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReviewEndpoints.Routes.ListInternalAudits)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.PlanInternalAudit))]
    public Task<IActionResult> PlanInternalAudit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReviewEndpoints.Routes.PlanInternalAudit)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.RecordAuditFinding))]
    public Task<IActionResult> RecordAuditFinding([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReviewEndpoints.Routes.RecordAuditFinding)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(ReviewEndpoints.Routes.CompleteInternalAudit))]
    public Task<IActionResult> CompleteInternalAudit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReviewEndpoints.Routes.CompleteInternalAudit)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
