using System.Globalization;
using Aims.Application.Http;
using Aims.Core.Identity;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Context;

internal static class ContextAccess
{
    /// <summary>Who may read the context register: everyone who runs, audits or leads the AIMS.</summary>
    public static readonly AimsRole[] Readers = [AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement, AimsRole.RiskOwner];
}

/// <summary><c>GET /api/context</c>: issues (4.1), interested parties (4.2) and the scope statement (4.3).</summary>
public sealed class GetContextHandler(ContextService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Ok(await service.GetAsync(request.Aborted));
    }
}

/// <summary><c>GET /api/context/changes?since=</c>: the change log, newest first (at most 500).</summary>
public sealed class ListContextChangesHandler(ContextService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        DateTimeOffset? since = null;
        if (request.Query["since"].ToString() is { Length: > 0 } raw)
        {
            if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return ApiProblems.Validation("since", "An ISO 8601 date or time.");
            }

            since = parsed;
        }

        return ApiResults.Ok(new { items = await service.ChangesAsync(since, 500, request.Aborted) });
    }
}

/// <summary><c>POST /api/context/issues</c> (AIMS manager).</summary>
public sealed class CreateContextIssueHandler(ContextService service) : IEndpointHandler<IssueRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<IssueRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SaveIssueAsync(null, request.Body, null, request.Caller, request.Aborted), StatusCodes.Status201Created);
    }
}

/// <summary><c>PUT /api/context/issues/{id}</c> (AIMS manager; <c>If-Match</c> honoured).</summary>
public sealed class UpdateContextIssueHandler(ContextService service) : IEndpointHandler<IssueRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<IssueRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SaveIssueAsync(request.Id.ToUpperInvariant(), request.Body, request.IfMatch, request.Caller, request.Aborted));
    }
}

/// <summary><c>POST /api/context/parties</c> (AIMS manager).</summary>
public sealed class CreateInterestedPartyHandler(ContextService service) : IEndpointHandler<PartyRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<PartyRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SavePartyAsync(null, request.Body, null, request.Caller, request.Aborted), StatusCodes.Status201Created);
    }
}

/// <summary><c>PUT /api/context/parties/{id}</c> (AIMS manager; <c>If-Match</c> honoured).</summary>
public sealed class UpdateInterestedPartyHandler(ContextService service) : IEndpointHandler<PartyRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<PartyRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SavePartyAsync(request.Id.ToUpperInvariant(), request.Body, request.IfMatch, request.Caller, request.Aborted));
    }
}

/// <summary><c>PUT /api/context/scope</c> (AIMS manager): the scope statement and its boundaries.</summary>
public sealed class UpdateScopeHandler(ContextService service) : IEndpointHandler<ScopeRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<ScopeRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SaveScopeAsync(request.Body, request.IfMatch, request.Caller, request.Aborted));
    }
}
