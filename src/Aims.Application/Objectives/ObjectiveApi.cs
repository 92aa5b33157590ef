using Aims.Application.Http;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Objectives;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Objectives;

/// <summary>A measurement entered through the API by the owner or an AIMS manager.</summary>
public sealed record MeasurementRequest(double? Value, DateTimeOffset? At, string? Note, string? Id);

internal static class ObjectiveAccess
{
    public static readonly AimsRole[] Readers = [AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement, AimsRole.RiskOwner];
}

/// <summary><c>GET /api/objectives</c>: every objective with its latest value and open breach.</summary>
public sealed class ListObjectivesHandler(ApiCallerResolver callers, ObjectiveService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, ObjectiveAccess.Readers, "read AI objectives");
        if (error is not null) return error;
        var items = new List<AiObjective>();
        await foreach (var o in service.Store.ListAsync(context.RequestAborted)) items.Add(o.Value);
        return ApiCall.Json(new { items });
    }
}

/// <summary><c>GET /api/objectives/{id}</c>: the objective and its latest 100 measurements, newest first.</summary>
public sealed class GetObjectiveHandler(ApiCallerResolver callers, ObjectiveService service, IMeasurementLog log) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, ObjectiveAccess.Readers, "read AI objectives");
        if (error is not null) return error;
        var id = ApiCall.RouteValue(context, "id").ToUpperInvariant();
        var objective = await service.Store.GetAsync(id, context.RequestAborted);
        if (objective is null) return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No objective '{id}'.");
        var measurements = new List<Measurement>();
        await foreach (var m in log.ListAsync(id, null, context.RequestAborted))
        {
            measurements.Add(m);
            if (measurements.Count == 100) break;
        }

        context.Response.Headers.ETag = objective.ETag;
        return ApiCall.Json(new { objective = objective.Value, measurements });
    }
}

/// <summary><c>POST /api/objectives</c> (AIMS manager).</summary>
public sealed class CreateObjectiveHandler(ApiCallerResolver callers, ObjectiveService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "set AI objectives");
        if (error is not null) return error;
        var (body, bad) = await ApiCall.ReadJsonAsync<ObjectiveRequest>(context);
        return bad ?? await ApiCall.RunAsync(async () =>
        {
            var stored = await service.SaveAsync(null, body!, null, caller!, context.RequestAborted);
            context.Response.Headers.ETag = stored.ETag;
            return ApiCall.Json(stored.Value, StatusCodes.Status201Created);
        });
    }
}

/// <summary><c>PUT /api/objectives/{id}</c> (AIMS manager; <c>If-Match</c> honoured).</summary>
public sealed class UpdateObjectiveHandler(ApiCallerResolver callers, ObjectiveService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "set AI objectives");
        if (error is not null) return error;
        var (body, bad) = await ApiCall.ReadJsonAsync<ObjectiveRequest>(context);
        return bad ?? await ApiCall.RunAsync(async () =>
        {
            var ifMatch = context.Request.Headers.IfMatch.ToString();
            var stored = await service.SaveAsync(ApiCall.RouteValue(context, "id").ToUpperInvariant(), body!, ifMatch, caller!, context.RequestAborted);
            context.Response.Headers.ETag = stored.ETag;
            return ApiCall.Json(stored.Value);
        });
    }
}

/// <summary><c>POST /api/objectives/{id}/retire</c> (AIMS manager).</summary>
public sealed class RetireObjectiveHandler(ApiCallerResolver callers, ObjectiveService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "set AI objectives");
        return error ?? await ApiCall.RunAsync(async () => ApiCall.Json((await service.RetireAsync(ApiCall.RouteValue(context, "id").ToUpperInvariant(), caller!, context.RequestAborted)).Value));
    }
}

/// <summary><c>POST /api/objectives/{id}/measurements</c>: the owner or an AIMS manager enters a value (source Manual).</summary>
public sealed class RecordMeasurementHandler(ApiCallerResolver callers, ObjectiveService service, RoleResolver roles, TimeProvider time) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = await callers.AuthenticateAsync(context);
        if (caller is null) return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "Sign in: a valid Entra ID access token for this API is required.");
        var id = ApiCall.RouteValue(context, "id").ToUpperInvariant();
        var (body, bad) = await ApiCall.ReadJsonAsync<MeasurementRequest>(context);
        if (bad is not null) return bad;
        if (body!.Value is not { } value) return Results.ValidationProblem(new Dictionary<string, string[]> { ["value"] = ["A number is required."] });
        return await ApiCall.RunAsync(async () =>
        {
            var objective = await service.Store.GetAsync(id, context.RequestAborted) ?? throw new KeyNotFoundException($"No objective '{id}'.");
            if (!string.Equals(objective.Value.OwnerObjectId, caller.ObjectId, StringComparison.OrdinalIgnoreCase))
            {
                await roles.RequireAsync(caller.ObjectId, [AimsRole.AimsManager], "record measurements of objectives you do not own", context.RequestAborted);
            }

            var outcome = await service.RecordAsync(id, value, body.At ?? time.GetUtcNow(), MeasurementSource.Manual, caller, body.Note, body.Id, context.RequestAborted);
            return ApiCall.Json(outcome, outcome.Recorded ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });
    }
}
