using System.Globalization;
using Aims.Application.Http;
using Aims.Core.Identity;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Context;

internal static class ContextAccess
{
    /// <summary>Who may read the context register: everyone who runs, audits or leads the AIMS.</summary>
    public static readonly AimsRole[] Readers = [AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement, AimsRole.RiskOwner];

    public static string? IfMatch(HttpContext context) => context.Request.Headers.IfMatch.ToString() is { Length: > 0 } v ? v : null;

    public static IResult Saved<T>(HttpContext context, Core.Records.Versioned<T> stored, bool created)
        where T : class
    {
        context.Response.Headers.ETag = stored.ETag;
        return ApiCall.Json(stored.Value, created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}

/// <summary><c>GET /api/context</c>: issues (4.1), interested parties (4.2) and the scope statement (4.3).</summary>
public sealed class GetContextHandler(ApiCallerResolver callers, ContextService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, ContextAccess.Readers, "read the context register");
        return error ?? ApiCall.Json(await service.GetAsync(context.RequestAborted));
    }
}

/// <summary><c>GET /api/context/changes?since=</c>: the change log, newest first (at most 500).</summary>
public sealed class ListContextChangesHandler(ApiCallerResolver callers, ContextService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, ContextAccess.Readers, "read the context register");
        if (error is not null) return error;
        DateTimeOffset? since = null;
        if (context.Request.Query["since"].ToString() is { Length: > 0 } raw)
        {
            if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["since"] = ["An ISO 8601 date or time."] });
            }

            since = parsed;
        }

        return ApiCall.Json(new { items = await service.ChangesAsync(since, 500, context.RequestAborted) });
    }
}

/// <summary><c>POST /api/context/issues</c> (AIMS manager).</summary>
public sealed class CreateContextIssueHandler(ApiCallerResolver callers, ContextService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "edit the context register");
        if (error is not null) return error;
        var (body, bad) = await ApiCall.ReadJsonAsync<IssueRequest>(context);
        return bad ?? await ApiCall.RunAsync(async () => ContextAccess.Saved(context, await service.SaveIssueAsync(null, body!, null, caller!, context.RequestAborted), created: true));
    }
}

/// <summary><c>PUT /api/context/issues/{id}</c> (AIMS manager; <c>If-Match</c> honoured).</summary>
public sealed class UpdateContextIssueHandler(ApiCallerResolver callers, ContextService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "edit the context register");
        if (error is not null) return error;
        var (body, bad) = await ApiCall.ReadJsonAsync<IssueRequest>(context);
        return bad ?? await ApiCall.RunAsync(async () => ContextAccess.Saved(context,
            await service.SaveIssueAsync(ApiCall.RouteValue(context, "id").ToUpperInvariant(), body!, ContextAccess.IfMatch(context), caller!, context.RequestAborted), created: false));
    }
}

/// <summary><c>POST /api/context/parties</c> (AIMS manager).</summary>
public sealed class CreateInterestedPartyHandler(ApiCallerResolver callers, ContextService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "edit the context register");
        if (error is not null) return error;
        var (body, bad) = await ApiCall.ReadJsonAsync<PartyRequest>(context);
        return bad ?? await ApiCall.RunAsync(async () => ContextAccess.Saved(context, await service.SavePartyAsync(null, body!, null, caller!, context.RequestAborted), created: true));
    }
}

/// <summary><c>PUT /api/context/parties/{id}</c> (AIMS manager; <c>If-Match</c> honoured).</summary>
public sealed class UpdateInterestedPartyHandler(ApiCallerResolver callers, ContextService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "edit the context register");
        if (error is not null) return error;
        var (body, bad) = await ApiCall.ReadJsonAsync<PartyRequest>(context);
        return bad ?? await ApiCall.RunAsync(async () => ContextAccess.Saved(context,
            await service.SavePartyAsync(ApiCall.RouteValue(context, "id").ToUpperInvariant(), body!, ContextAccess.IfMatch(context), caller!, context.RequestAborted), created: false));
    }
}

/// <summary><c>PUT /api/context/scope</c> (AIMS manager): the scope statement and its boundaries.</summary>
public sealed class UpdateScopeHandler(ApiCallerResolver callers, ContextService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "edit the context register");
        if (error is not null) return error;
        var (body, bad) = await ApiCall.ReadJsonAsync<ScopeRequest>(context);
        return bad ?? await ApiCall.RunAsync(async () => ContextAccess.Saved(context, await service.SaveScopeAsync(body!, ContextAccess.IfMatch(context), caller!, context.RequestAborted), created: false));
    }
}
