using Aims.Application.Risks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// Risk register and impact assessment HTTP triggers. Name and route come from <see cref="RiskEndpoints.Routes"/>, the handler from the declaration in <see cref="RiskEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class RiskFunctions
{
    [Function(nameof(RiskEndpoints.Routes.ListRisks))]
    public Task<IActionResult> ListRisks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RiskEndpoints.Routes.ListRisks)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.CreateRisk))]
    public Task<IActionResult> CreateRisk([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RiskEndpoints.Routes.CreateRisk)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.GetRiskHeatmap))]
    public Task<IActionResult> GetRiskHeatmap([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RiskEndpoints.Routes.GetRiskHeatmap)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.ExportRisks))]
    public Task<IActionResult> ExportRisks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RiskEndpoints.Routes.ExportRisks)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.ImportRisks))]
    public Task<IActionResult> ImportRisks([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RiskEndpoints.Routes.ImportRisks)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.GetRisk))]
    public Task<IActionResult> GetRisk([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RiskEndpoints.Routes.GetRisk)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.UpdateRisk))]
    public Task<IActionResult> UpdateRisk([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = RiskEndpoints.Routes.UpdateRisk)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.CompleteRiskAction))]
    public Task<IActionResult> CompleteRiskAction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RiskEndpoints.Routes.CompleteRiskAction)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.RecordRiskEffectiveness))]
    public Task<IActionResult> RecordRiskEffectiveness([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RiskEndpoints.Routes.RecordRiskEffectiveness)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.SubmitRisk))]
    public Task<IActionResult> SubmitRisk([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RiskEndpoints.Routes.SubmitRisk)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.DecideRisk))]
    public Task<IActionResult> DecideRisk([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RiskEndpoints.Routes.DecideRisk)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.ListImpactAssessments))]
    public Task<IActionResult> ListImpactAssessments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RiskEndpoints.Routes.ListImpactAssessments)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.CreateImpactAssessment))]
    public Task<IActionResult> CreateImpactAssessment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RiskEndpoints.Routes.CreateImpactAssessment)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.UpdateImpactAssessment))]
    public Task<IActionResult> UpdateImpactAssessment([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = RiskEndpoints.Routes.UpdateImpactAssessment)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.NewImpactAssessmentVersion))]
    public Task<IActionResult> NewImpactAssessmentVersion([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RiskEndpoints.Routes.NewImpactAssessmentVersion)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.SubmitImpactAssessment))]
    public Task<IActionResult> SubmitImpactAssessment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RiskEndpoints.Routes.SubmitImpactAssessment)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.DecideImpactAssessment))]
    public Task<IActionResult> DecideImpactAssessment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RiskEndpoints.Routes.DecideImpactAssessment)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(RiskEndpoints.Routes.ReviewImpactAssessment))]
    public Task<IActionResult> ReviewImpactAssessment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RiskEndpoints.Routes.ReviewImpactAssessment)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
