using Aims.Core.Identity;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Http;

/// <summary>A raw HTTP handler: it reads the request itself. Only the Bot Connector endpoint and health are written this way.</summary>
public interface IHttpHandler
{
    Task<IResult> HandleAsync(HttpContext context);
}

/// <summary>An endpoint without a JSON body. The pipeline has authenticated the caller and checked the role before it runs.</summary>
public interface IEndpointHandler
{
    Task<IResult> HandleAsync(ApiRequest request);
}

/// <summary>An endpoint with a JSON body of type <typeparamref name="TBody"/>, read (size-bounded) and checked non-null by the pipeline.</summary>
public interface IEndpointHandler<TBody>
    where TBody : notnull
{
    Task<IResult> HandleAsync(ApiRequest<TBody> request);
}

/// <summary>Who may call an endpoint.</summary>
public sealed record EndpointAccess
{
    private EndpointAccess()
    {
    }

    /// <summary>No authentication by the pipeline (health; the Bot Connector endpoint authenticates the Bot Framework token itself).</summary>
    public bool Anonymous { get; private init; }

    /// <summary>The AIMS roles allowed; empty means any signed-in caller (the service then applies its own rules, e.g. owner or role).</summary>
    public IReadOnlyList<AimsRole> Roles { get; private init; } = [];

    /// <summary>What the caller is doing, for the refusal text ("... may not {Action}").</summary>
    public string Action { get; private init; } = string.Empty;

    /// <summary>An app role (the <c>roles</c> claim of an app-only token) that is enough on its own, e.g. <c>Monitoring.Write</c>.</summary>
    public string? AppRole { get; private init; }

    public static EndpointAccess Public { get; } = new() { Anonymous = true };

    /// <summary>Any authenticated caller; the service decides the rest.</summary>
    public static EndpointAccess SignedIn { get; } = new();

    /// <summary>One of <paramref name="roles"/> (fail closed: the directory must confirm the role now).</summary>
    public static EndpointAccess Require(IReadOnlyCollection<AimsRole> roles, string action)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return roles.Count == 0 ? throw new ArgumentException("Name at least one role; use SignedIn for any caller.", nameof(roles)) : new() { Roles = [.. roles], Action = action };
    }

    /// <summary>An app token holding <paramref name="appRole"/>, or a person with one of <paramref name="roles"/>.</summary>
    public static EndpointAccess AppRoleOr(string appRole, IReadOnlyCollection<AimsRole> roles, string action) => Require(roles, action) with { AppRole = appRole };
}

/// <summary>How an endpoint's request body is read.</summary>
public enum EndpointBody
{
    /// <summary>No body.</summary>
    None,

    /// <summary>A JSON body bound to the declared type by the pipeline.</summary>
    Json,

    /// <summary>A body the handler streams itself (CSV, multipart upload), after the pipeline's authentication and role check.</summary>
    Stream,
}

/// <summary>
/// One endpoint of the management API, declared once by its capability (see <c>RiskEndpoints</c>): the function name, method, route
/// (relative to <c>/api</c>), who may call it, its body and its handler. Both hosts serve exactly these declarations.
/// </summary>
public sealed record ApiEndpoint
{
    /// <summary>Largest JSON body read unless an endpoint says otherwise (413 above).</summary>
    public const long DefaultMaxBodyBytes = 256 * 1024;

    public required string Name { get; init; }

    public required string Method { get; init; }

    public required string Route { get; init; }

    public required EndpointAccess Access { get; init; }

    /// <summary>The handler type (resolved per request from DI).</summary>
    public required Type Handler { get; init; }

    public EndpointBody BodyKind { get; init; }

    /// <summary>The JSON body's type (for <see cref="EndpointBody.Json"/>).</summary>
    public Type? Body { get; init; }

    /// <summary>Media types of a streamed body (for the OpenAPI document).</summary>
    public IReadOnlyList<string> StreamContentTypes { get; init; } = [];

    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>428 when the request has no usable <c>If-Match</c> (missing or <c>*</c>).</summary>
    public bool RequiresIfMatch { get; init; }

    public string Summary { get; init; } = string.Empty;

    /// <summary>A raw <see cref="IHttpHandler"/>: the pipeline hands it the request untouched.</summary>
    public bool IsRaw { get; internal init; }

    /// <summary>Calls the handler; set by the <see cref="Declare"/> factory, which knows the handler's shape.</summary>
    internal Func<HttpContext, ApiRequest?, object?, Task<IResult>> Invoke { get; init; } = (_, _, _) => throw new InvalidOperationException("Declare endpoints through Declare.");

    public ApiEndpoint IfMatchRequired() => this with { RequiresIfMatch = true };

    public ApiEndpoint WithMaxBody(long bytes) => this with { MaxBodyBytes = bytes };

    public ApiEndpoint Describe(string summary) => this with { Summary = summary };

    /// <summary>The handler reads the body itself (after authentication); <paramref name="contentTypes"/> documents what it accepts.</summary>
    public ApiEndpoint StreamedBody(params string[] contentTypes) => this with { BodyKind = EndpointBody.Stream, StreamContentTypes = contentTypes };
}

/// <summary>Declares endpoints: <c>Declare.Post&lt;CreateRiskHandler, RiskInput&gt;(name, route, access)</c>.</summary>
public static class Declare
{
    public static ApiEndpoint Get<THandler>(string name, string route, EndpointAccess access)
        where THandler : IEndpointHandler => NoBody<THandler>("GET", name, route, access);

    public static ApiEndpoint Post<THandler>(string name, string route, EndpointAccess access)
        where THandler : IEndpointHandler => NoBody<THandler>("POST", name, route, access);

    public static ApiEndpoint Post<THandler, TBody>(string name, string route, EndpointAccess access)
        where THandler : IEndpointHandler<TBody>
        where TBody : notnull => WithBody<THandler, TBody>("POST", name, route, access);

    public static ApiEndpoint Put<THandler, TBody>(string name, string route, EndpointAccess access)
        where THandler : IEndpointHandler<TBody>
        where TBody : notnull => WithBody<THandler, TBody>("PUT", name, route, access);

    /// <summary>A raw handler (health, the Bot Connector endpoint): no pipeline authentication, no body binding.</summary>
    public static ApiEndpoint Raw<THandler>(string method, string name, string route)
        where THandler : IHttpHandler => new()
        {
            Name = name,
            Method = method,
            Route = route,
            Access = EndpointAccess.Public,
            Handler = typeof(THandler),
            BodyKind = EndpointBody.Stream,
            IsRaw = true,
            Invoke = (http, _, _) => Resolve<THandler>(http).HandleAsync(http),
        };

    private static ApiEndpoint NoBody<THandler>(string method, string name, string route, EndpointAccess access)
        where THandler : IEndpointHandler => new()
        {
            Name = name,
            Method = method,
            Route = route,
            Access = access,
            Handler = typeof(THandler),
            Invoke = (http, request, _) => Resolve<THandler>(http).HandleAsync(request!),
        };

    private static ApiEndpoint WithBody<THandler, TBody>(string method, string name, string route, EndpointAccess access)
        where THandler : IEndpointHandler<TBody>
        where TBody : notnull => new()
        {
            Name = name,
            Method = method,
            Route = route,
            Access = access,
            Handler = typeof(THandler),
            BodyKind = EndpointBody.Json,
            Body = typeof(TBody),
            Invoke = (http, request, body) => Resolve<THandler>(http).HandleAsync(new ApiRequest<TBody>(request!, (TBody)body!)),
        };

    private static T Resolve<T>(HttpContext http)
        where T : notnull => (T)(http.RequestServices.GetService(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered."));
}
