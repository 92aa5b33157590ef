using Aims.Core.Identity;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Http;

/// <summary>
/// What a handler receives: the authenticated caller (its roles already checked), route values, <c>If-Match</c>, the query and
/// the cancellation of the request. The raw <see cref="Http"/> context stays reachable for streamed bodies and downloads.
/// </summary>
public class ApiRequest
{
    private static readonly Actor Nobody = new(string.Empty, string.Empty);

    internal ApiRequest(HttpContext http, ApiEndpoint endpoint, Actor? caller, IReadOnlySet<string> appRoles)
    {
        Http = http;
        Endpoint = endpoint;
        CallerOrNull = caller;
        AppRoles = appRoles;
    }

    protected ApiRequest(ApiRequest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Http = other.Http;
        Endpoint = other.Endpoint;
        CallerOrNull = other.CallerOrNull;
        AppRoles = other.AppRoles;
    }

    public HttpContext Http { get; }

    public ApiEndpoint Endpoint { get; }

    /// <summary>The authenticated caller (always set unless the endpoint is public).</summary>
    public Actor Caller => CallerOrNull ?? Nobody;

    internal Actor? CallerOrNull { get; }

    /// <summary>The app roles of the caller's token (app-only tokens, e.g. a monitoring tool).</summary>
    public IReadOnlySet<string> AppRoles { get; }

    public CancellationToken Aborted => Http.RequestAborted;

    public IQueryCollection Query => Http.Request.Query;

    /// <summary>A route value, empty when absent (both hosts fill route values the same way).</summary>
    public string Route(string name) => Http.Request.RouteValues.TryGetValue(name, out var value) ? value?.ToString() ?? string.Empty : string.Empty;

    /// <summary>The <c>{id}</c> route value.</summary>
    public string Id => Route("id");

    /// <summary>The <c>If-Match</c> value; null when missing or <c>*</c> (a blind overwrite is never a precondition).</summary>
    public string? IfMatch => Http.Request.Headers.IfMatch.ToString().Trim() is { Length: > 0 } v && v != "*" ? v : null;

    /// <summary>A request header, empty when absent.</summary>
    public string Header(string name) => Http.Request.Headers[name].ToString();

    /// <summary>The caller's <c>X-Request-Id</c> (idempotency of a retried call) or a fresh one.</summary>
    public string RequestId => Header("X-Request-Id") is { Length: > 0 } id ? id : Guid.NewGuid().ToString("N");
}

/// <summary>A request with its typed JSON body (never null: the pipeline answers a missing body with a ValidationProblem).</summary>
public sealed class ApiRequest<TBody> : ApiRequest
    where TBody : notnull
{
    internal ApiRequest(ApiRequest request, TBody body)
        : base(request) => Body = body;

    public TBody Body { get; }
}
