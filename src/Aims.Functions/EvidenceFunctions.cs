using Aims.Application.Evidence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>Evidence and audit pack HTTP triggers.</summary>
public sealed class EvidenceFunctions
{
    [Function("ListEvidence")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "evidence")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListEvidenceHandler>(request, context);

    [Function("VerifyEvidence")]
    public Task<IActionResult> Verify([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "evidence/verify")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<VerifyEvidenceHandler>(request, context);

    [Function("GetEvidence")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "evidence/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<GetEvidenceHandler>(request, context);

    [Function("GetEvidencePayload")]
    public Task<IActionResult> Payload([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "evidence/{id}/payload")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<GetEvidencePayloadHandler>(request, context);

    [Function("ExportAuditPack")]
    public Task<IActionResult> AuditPack([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit-pack")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<AuditPackHandler>(request, context);
}
