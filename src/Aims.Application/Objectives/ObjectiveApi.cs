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
public sealed class ListObjectivesHandler(ObjectiveService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var items = new List<AiObjective>();
        await foreach (var o in service.Store.ListAsync(request.Aborted)) items.Add(o.Value);
        return ApiResults.Ok(new { items });
    }
}

/// <summary><c>GET /api/objectives/{id}</c>: the objective and its latest 100 measurements, newest first.</summary>
public sealed class GetObjectiveHandler(ObjectiveService service, IMeasurementLog log) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id.ToUpperInvariant();
        var objective = await service.Store.GetAsync(id, request.Aborted);
        if (objective is null) return ApiProblems.NotFound($"No objective '{id}'.");
        var measurements = new List<Measurement>();
        await foreach (var m in log.ListAsync(id, null, request.Aborted))
        {
            measurements.Add(m);
            if (measurements.Count == 100) break;
        }

        return ApiResults.Ok(new { objective = objective.Value, measurements }, objective.ETag);
    }
}

/// <summary><c>POST /api/objectives</c> (AIMS manager).</summary>
public sealed class CreateObjectiveHandler(ObjectiveService service) : IEndpointHandler<ObjectiveRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<ObjectiveRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SaveAsync(null, request.Body, null, request.Caller, request.Aborted), StatusCodes.Status201Created);
    }
}

/// <summary><c>PUT /api/objectives/{id}</c> (AIMS manager; <c>If-Match</c> honoured).</summary>
public sealed class UpdateObjectiveHandler(ObjectiveService service) : IEndpointHandler<ObjectiveRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<ObjectiveRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SaveAsync(request.Id.ToUpperInvariant(), request.Body, request.IfMatch, request.Caller, request.Aborted));
    }
}

/// <summary><c>POST /api/objectives/{id}/retire</c> (AIMS manager).</summary>
public sealed class RetireObjectiveHandler(ObjectiveService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Ok((await service.RetireAsync(request.Id.ToUpperInvariant(), request.Caller, request.Aborted)).Value);
    }
}

/// <summary><c>POST /api/objectives/{id}/measurements</c>: the owner or an AIMS manager enters a value (source Manual).</summary>
public sealed class RecordMeasurementHandler(ObjectiveService service, RoleResolver roles, TimeProvider time) : IEndpointHandler<MeasurementRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<MeasurementRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id.ToUpperInvariant();
        var body = request.Body;
        var caller = request.Caller;
        if (body.Value is not { } value) return ApiProblems.Validation("value", "A number is required.");
        var objective = await service.Store.GetAsync(id, request.Aborted) ?? throw new KeyNotFoundException($"No objective '{id}'.");
        if (!string.Equals(objective.Value.OwnerObjectId, caller.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            await roles.RequireAsync(caller.ObjectId, [AimsRole.AimsManager], "record measurements of objectives you do not own", request.Aborted);
        }

        var outcome = await service.RecordAsync(id, value, body.At ?? time.GetUtcNow(), MeasurementSource.Manual, caller, body.Note, body.Id, request.Aborted);
        return ApiResults.Json(outcome, outcome.Recorded ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}
