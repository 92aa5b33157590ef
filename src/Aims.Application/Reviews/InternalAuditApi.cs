using System.Text.Json;
using Aims.Application.Http;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Application.Reviews;

internal static class InternalAuditHttp
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context)
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, RegisterJson.Options, context.RequestAborted);
            return value is null ? (default, Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] })) : (value, null);
        }
        catch (JsonException ex)
        {
            return (default, Results.ValidationProblem(new Dictionary<string, string[]> { [ex.Path?.TrimStart('$', '.') is { Length: > 0 } p ? p : "body"] = ["Not valid."] }));
        }
    }

    public static async Task<IResult> RunAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (AuditValidationException ex)
        {
            return Results.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => e.Value));
        }
        catch (KeyNotFoundException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: ex.Message);
        }
        catch (AccessDeniedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: ex.Message);
        }
        catch (ConcurrencyConflictException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: ex.Message);
        }
    }
}

/// <summary><c>POST /api/internal-audits</c> (AIMS manager): plans an audit; the auditor gets the audit card.</summary>
public sealed class PlanInternalAuditHandler(ApiCallerResolver callers, InternalAuditService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "plan internal audits");
        if (error is not null) return error;
        var (input, bad) = await InternalAuditHttp.ReadAsync<InternalAuditInput>(context);
        if (bad is not null) return bad;
        return await InternalAuditHttp.RunAsync(async () =>
        {
            var audit = await service.PlanAsync(input, caller!, context.RequestAborted);
            context.Response.Headers.Location = "/api/internal-audits";
            return Results.Json(audit, RegisterJson.Options, statusCode: StatusCodes.Status201Created);
        });
    }
}

/// <summary><c>GET /api/internal-audits</c> (AIMS managers, auditors, top management): the programme with its findings.</summary>
public sealed class ListInternalAuditsHandler(ApiCallerResolver callers, IInternalAudits audits) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, [AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement], "read the internal audit programme");
        if (error is not null) return error;
        var list = new List<InternalAudit>();
        await foreach (var audit in audits.ListAsync(context.RequestAborted)) list.Add(audit);
        return Results.Json(new { items = list.OrderBy(a => a.PlannedDate).ThenBy(a => a.Id, StringComparer.Ordinal) }, RegisterJson.Options);
    }
}

/// <summary><c>POST /api/internal-audits/{id}/findings</c> (the audit's auditor): records a finding; nonconformities open a report.</summary>
public sealed class RecordAuditFindingHandler(ApiCallerResolver callers, InternalAuditService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.Auditor], "record audit findings");
        if (error is not null) return error;
        var (input, bad) = await InternalAuditHttp.ReadAsync<AuditFindingInput>(context);
        if (bad is not null) return bad;
        var requestId = context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 and <= 100 } key ? key : Guid.NewGuid().ToString("N");
        return await InternalAuditHttp.RunAsync(async () =>
        {
            var (_, finding, _) = await service.RecordFindingAsync(context.GetRouteValue("id")?.ToString() ?? string.Empty, input, caller!, requestId, context.RequestAborted);
            return Results.Json(finding, RegisterJson.Options, statusCode: StatusCodes.Status201Created);
        });
    }
}

/// <summary><c>POST /api/internal-audits/{id}/complete</c> (the audit's auditor).</summary>
public sealed class CompleteInternalAuditHandler(ApiCallerResolver callers, InternalAuditService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.Auditor], "complete internal audits");
        if (error is not null) return error;
        return await InternalAuditHttp.RunAsync(async () =>
            Results.Json(await service.CompleteAsync(context.GetRouteValue("id")?.ToString() ?? string.Empty, caller!, context.RequestAborted), RegisterJson.Options));
    }
}
