using Aims.Application.Evidence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// Evidence and audit pack HTTP triggers. Name and route come from <see cref="EvidenceEndpoints.Routes"/>, the handler from the declaration in <see cref="EvidenceEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class EvidenceFunctions
{
    [Function(nameof(EvidenceEndpoints.Routes.ListEvidence))]
    public Task<IActionResult> ListEvidence([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EvidenceEndpoints.Routes.ListEvidence)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(EvidenceEndpoints.Routes.VerifyEvidence))]
    public Task<IActionResult> VerifyEvidence([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EvidenceEndpoints.Routes.VerifyEvidence)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(EvidenceEndpoints.Routes.GetEvidence))]
    public Task<IActionResult> GetEvidence([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EvidenceEndpoints.Routes.GetEvidence)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(EvidenceEndpoints.Routes.GetEvidencePayload))]
    public Task<IActionResult> GetEvidencePayload([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EvidenceEndpoints.Routes.GetEvidencePayload)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(EvidenceEndpoints.Routes.ExportAuditPack))]
    public Task<IActionResult> ExportAuditPack([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EvidenceEndpoints.Routes.ExportAuditPack)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(EvidenceEndpoints.Routes.GetPackSigningKey))]
    public Task<IActionResult> GetPackSigningKey([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EvidenceEndpoints.Routes.GetPackSigningKey)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
