using Aims.Application.Http;
using Aims.Core.Lifecycle;
using Aims.Core.Records;
using Aims.Core.Register;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Lifecycle;

public sealed record GateRequestInput(string? To, string? Reason);

public sealed record GateDecisionInput(bool? Approve, string? Comment);

public sealed record SystemArtefactInput(string? DocumentId);

/// <summary>A gate request as the API shows it: the stored request and its criteria.</summary>
public sealed record GateRequestView(GateRequest Request, IReadOnlyList<GateCriterion> Criteria);

public sealed class GetGateStatusHandler(LifecycleService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Ok(await service.StatusAsync(request.Id, request.Aborted));
    }
}

public sealed class RequestGateHandler(LifecycleService service) : IEndpointHandler<GateRequestInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<GateRequestInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        LifecycleStage? to = null;
        if (request.Body.To is { Length: > 0 } text)
        {
            if (!Enum.TryParse<LifecycleStage>(text.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return ApiProblems.Validation("to", $"The stage to move to: one of {string.Join(", ", Enum.GetNames<LifecycleStage>())}.");
            }

            to = parsed;
        }

        var stored = await service.RequestAsync(request.Id, to, request.Body.Reason, request.Caller, request.Aborted);
        return ApiResults.Created(new GateRequestView(stored.Value, await service.CriteriaAsync(stored.Value, request.Aborted)), $"/api/gate-requests/{stored.Value.Id}", stored.ETag);
    }
}

public sealed class SetSystemArtefactHandler(LifecycleService service) : IEndpointHandler<SystemArtefactInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<SystemArtefactInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Enum.TryParse<LifecycleArtefactPurpose>(request.Route("purpose"), ignoreCase: true, out var purpose) || !Enum.IsDefined(purpose))
        {
            return ApiProblems.Validation("purpose", $"What the document is for: one of {string.Join(", ", Enum.GetNames<LifecycleArtefactPurpose>())}.");
        }

        return ApiResults.Saved(await service.SetArtefactAsync(request.Id, purpose, request.Body.DocumentId, request.Caller, request.Aborted));
    }
}

public sealed class ListGateRequestsHandler(LifecycleService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var system = request.Query["systemId"].ToString();
        return ApiResults.Ok(new { items = await service.ListAsync(string.IsNullOrWhiteSpace(system) ? null : system.Trim(), request.Aborted) });
    }
}

public sealed class GetGateRequestHandler(LifecycleService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await service.Requests.GetAsync(request.Id, request.Aborted) ?? throw new KeyNotFoundException($"No gate request '{request.Id}'.");
        return ApiResults.Ok(new GateRequestView(stored.Value, await service.CriteriaAsync(stored.Value, request.Aborted)), stored.ETag);
    }
}

public sealed class DecideGateHandler(LifecycleService service) : IEndpointHandler<GateDecisionInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<GateDecisionInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Body.Approve is not { } approve)
        {
            return ApiProblems.Validation("approve", "true to approve, false to reject.");
        }

        var result = await service.DecideAsync(request.Id, approve, request.Body.Comment, request.Caller, request.RequestId, request.Aborted);
        return ApiResults.Ok(new GateRequestView(result.Current.Value, result.Criteria), result.Current.ETag);
    }
}
