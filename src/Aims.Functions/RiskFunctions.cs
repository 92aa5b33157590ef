using Aims.Application.Risks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>Risk register HTTP triggers.</summary>
public sealed class RiskFunctions
{
    [Function("ListRisks")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "risks")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListRisksHandler>(request, context);

    [Function("CreateRisk")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "risks")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CreateRiskHandler>(request, context);

    [Function("ExportRisks")]
    public Task<IActionResult> Export([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "risks/export")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ExportRisksHandler>(request, context);

    [Function("GetRisk")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "risks/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<GetRiskHandler>(request, context);

    [Function("UpdateRisk")]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "risks/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<UpdateRiskHandler>(request, context);

    [Function("SubmitRisk")]
    public Task<IActionResult> Submit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "risks/{id}/submit")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<SubmitRiskHandler>(request, context);

    [Function("DecideRisk")]
    public Task<IActionResult> Decide([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "risks/{id}/decisions")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<DecideRiskHandler>(request, context);

    [Function("ImportRisks")]
    public Task<IActionResult> Import([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "risks/import")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ImportRisksHandler>(request, context);

    [Function("ListImpactAssessments")]
    public Task<IActionResult> ListAssessments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "impact-assessments")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListImpactAssessmentsHandler>(request, context);

    [Function("CreateImpactAssessment")]
    public Task<IActionResult> CreateAssessment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "impact-assessments")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CreateImpactAssessmentHandler>(request, context);

    [Function("SubmitImpactAssessment")]
    public Task<IActionResult> SubmitAssessment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "impact-assessments/{id}/submit")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<SubmitImpactAssessmentHandler>(request, context);

    [Function("DecideImpactAssessment")]
    public Task<IActionResult> DecideAssessment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "impact-assessments/{id}/decisions")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<DecideImpactAssessmentHandler>(request, context);
}
