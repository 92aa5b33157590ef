using Aims.Application.Http;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Reviews;

/// <summary><c>POST /api/internal-audits</c> (AIMS manager): plans an audit; the auditor gets the audit card.</summary>
public sealed class PlanInternalAuditHandler(InternalAuditService service) : IEndpointHandler<InternalAuditInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<InternalAuditInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var audit = await service.PlanAsync(request.Body, request.Caller, request.Aborted);
        return ApiResults.Created(audit, "/api/internal-audits");
    }
}

/// <summary><c>GET /api/internal-audits</c> (AIMS managers, auditors, top management): the programme with its findings.</summary>
public sealed class ListInternalAuditsHandler(IInternalAudits audits) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var list = new List<InternalAudit>();
        await foreach (var audit in audits.ListAsync(request.Aborted)) list.Add(audit);
        return ApiResults.Ok(new { items = list.OrderBy(a => a.PlannedDate).ThenBy(a => a.Id, StringComparer.Ordinal) });
    }
}

/// <summary><c>POST /api/internal-audits/{id}/findings</c> (the audit's auditor): records a finding; nonconformities open a report.</summary>
public sealed class RecordAuditFindingHandler(InternalAuditService service) : IEndpointHandler<AuditFindingInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<AuditFindingInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestId = request.Header("Idempotency-Key") is { Length: > 0 and <= 100 } key ? key : Guid.NewGuid().ToString("N");
        var (_, finding, _) = await service.RecordFindingAsync(request.Id, request.Body, request.Caller, requestId, request.Aborted);
        return ApiResults.Created(finding);
    }
}

/// <summary><c>POST /api/internal-audits/{id}/complete</c> (the audit's auditor).</summary>
public sealed class CompleteInternalAuditHandler(InternalAuditService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Ok(await service.CompleteAsync(request.Id, request.Caller, request.Aborted));
    }
}
