using System.Net;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Aims.Application.Http;

/// <summary>Settings of the management HTTP API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>Entra tenant whose tokens are accepted.</summary>
    public string? TenantId { get; set; }

    /// <summary>Accepted audience (the API's client id or App ID URI). Empty means development mode: no tokens, loopback only.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// The workspace tab's Application ID URI, <c>api://&lt;domain&gt;/botid-&lt;bot app id&gt;</c> (the bot-and-tab form Teams
    /// SSO and nested app authentication ask tokens for). Empty: the API accepts no tab tokens.
    /// </summary>
    public string? TabResource { get; set; }

    /// <summary>The tab's Entra client id (the bot's app id), the audience of v2 tokens for <see cref="TabResource"/>; defaults to <c>Bot:AppId</c>.</summary>
    public string? TabClientId { get; set; }

    /// <summary>The delegated scope a tab token must carry.</summary>
    public string TabScope { get; set; } = "access_as_user";

    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com";

    /// <summary>Refuse OpenID metadata over plain HTTP (only a loopback test authority turns this off).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsDevelopmentMode => string.IsNullOrWhiteSpace(Audience);
}

/// <summary>
/// Who calls the management API: the <c>oid</c> of a validated Entra access token. In development mode (no audience configured)
/// the <c>X-Aims-User</c> header names the caller, accepted from loopback only and announced in health.
/// </summary>
public sealed class ApiCallerResolver
{
    public const string DevelopmentUserHeader = "X-Aims-User";
    public const string DevelopmentAppRolesHeader = "X-Aims-App-Roles";

    private readonly ApiOptions _options;
    private readonly RoleResolver _roles;
    private readonly ILogger<ApiCallerResolver> _logger;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _metadata;

    private readonly IDirectoryClient _directory;

    public ApiCallerResolver(IOptions<ApiOptions> options, RoleResolver roles, IDirectoryClient directory, ILogger<ApiCallerResolver> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _roles = roles;
        _directory = directory;
        _logger = logger;
        if (!_options.IsDevelopmentMode)
        {
            var url = $"{_options.AuthorityHost.TrimEnd('/')}/{_options.TenantId}/v2.0/.well-known/openid-configuration";
            _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(url, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = _options.RequireHttpsMetadata });
        }
    }

    public bool IsDevelopmentMode => _options.IsDevelopmentMode;

    /// <summary>The authenticated caller, or null (then the endpoint answers 401).</summary>
    public async Task<Actor?> AuthenticateAsync(HttpContext context) => (await AuthenticateWithAppRolesAsync(context)).Caller;

    /// <summary>
    /// The authenticated caller and the app roles of its token (the <c>roles</c> claim an app-only token carries, e.g.
    /// <c>Monitoring.Write</c> for a monitoring tool). In development mode the loopback header <c>X-Aims-App-Roles</c> stands in.
    /// </summary>
    public async Task<(Actor? Caller, IReadOnlySet<string> AppRoles)> AuthenticateWithAppRolesAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var none = (IReadOnlySet<string>)new HashSet<string>();
        if (_options.IsDevelopmentMode)
        {
            var remote = context.Connection.RemoteIpAddress;
            var user = context.Request.Headers[DevelopmentUserHeader].ToString();
            if (remote is null || !IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote) || string.IsNullOrWhiteSpace(user))
            {
                return (null, none);
            }

            // The header names only the object id; the directory gives the name people see on cards and in evidence.
            var known = await TryGetUserAsync(user, context.RequestAborted);
            var devRoles = context.Request.Headers[DevelopmentAppRolesHeader].ToString()
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            return (new Actor(user, known?.DisplayName ?? user), devRoles);
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, none);
        }

        var config = await _metadata!.GetConfigurationAsync(context.RequestAborted);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(header["Bearer ".Length..].Trim(), new TokenValidationParameters
        {
            ValidIssuers = [$"{_options.AuthorityHost.TrimEnd('/')}/{_options.TenantId}/v2.0", $"https://sts.windows.net/{_options.TenantId}/"],
            ValidAudiences = [_options.Audience!, .. TabAudiences()],
            IssuerSigningKeys = config.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(5),
        });
        if (!result.IsValid || result.Claims.TryGetValue("oid", out var oid) is false || oid is not string objectId)
        {
            _logger.LogWarning("API token refused: {Reason}", result.Exception?.Message ?? "no oid claim");
            return (null, none);
        }

        if (TabRefusal(result.Claims) is { } refusal)
        {
            _logger.LogWarning("API token refused: {Reason}", refusal);
            return (null, none);
        }

        var name = result.Claims.TryGetValue("name", out var n) ? n as string : null;
        var appRoles = new HashSet<string>(StringComparer.Ordinal);
        if (result.Claims.TryGetValue("roles", out var roles))
        {
            switch (roles)
            {
                case string single:
                    appRoles.Add(single);
                    break;
                case IEnumerable<object> many:
                    appRoles.UnionWith(many.Select(r => r?.ToString() ?? string.Empty));
                    break;
            }
        }

        return (new Actor(objectId, name ?? (result.Claims.TryGetValue("azp", out var azp) ? azp as string : null) ?? objectId), appRoles);
    }

    /// <summary>The audiences of the workspace tab's tokens: its App ID URI (v1 tokens) and its client id (v2 tokens).</summary>
    private IEnumerable<string> TabAudiences()
    {
        if (string.IsNullOrWhiteSpace(_options.TabResource))
        {
            yield break;
        }

        yield return _options.TabResource;
        if (!string.IsNullOrWhiteSpace(_options.TabClientId))
        {
            yield return _options.TabClientId;
        }
    }

    /// <summary>
    /// Why a token issued to the tab is refused, or null. A tab token is the signed-in person's own (delegated, with the
    /// <see cref="ApiOptions.TabScope"/> scope) and of the configured tenant: an app-only token for the tab's audience is not a
    /// person, and the tenant is checked on <c>tid</c> as well as on the issuer.
    /// </summary>
    private string? TabRefusal(IDictionary<string, object> claims)
    {
        var audience = claims.TryGetValue("aud", out var a) ? a as string : null;
        if (audience is null || string.Equals(audience, _options.Audience, StringComparison.Ordinal) || !TabAudiences().Contains(audience, StringComparer.Ordinal))
        {
            return null;
        }

        var scopes = (claims.TryGetValue("scp", out var s) ? s as string : null)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (!scopes.Contains(_options.TabScope, StringComparer.Ordinal))
        {
            return $"a token for the workspace tab without the {_options.TabScope} scope";
        }

        var tenant = claims.TryGetValue("tid", out var t) ? t as string : null;
        return string.Equals(tenant, _options.TenantId, StringComparison.OrdinalIgnoreCase) ? null : "a token for the workspace tab from another tenant";
    }

    private async Task<DirectoryUser?> TryGetUserAsync(string objectId, CancellationToken cancellationToken)
    {
        try
        {
            return await _directory.GetUserAsync(objectId, cancellationToken);
        }
        catch (DirectoryUnavailableException)
        {
            return null;
        }
    }

    /// <summary>
    /// The one authentication and role check of the management API, run before any body is read: 401 without a valid caller,
    /// 403 without one of the endpoint's roles (or its app role). Returns the caller and its app roles, or the refusal to answer.
    /// </summary>
    public async Task<(Actor? Caller, IReadOnlySet<string> AppRoles, IResult? Refused)> AuthorizeAsync(HttpContext context, EndpointAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        var (caller, appRoles) = await AuthenticateWithAppRolesAsync(context);
        if (caller is null)
        {
            var detail = access.AppRole is null ? ApiProblems.SignInDetail : $"{ApiProblems.SignInDetail[..^1]} (an app token with the {access.AppRole} role).";
            return (null, appRoles, ApiProblems.Unauthorized(detail));
        }

        if (access.Roles.Count == 0 || (access.AppRole is not null && appRoles.Contains(access.AppRole)))
        {
            return (caller, appRoles, null);
        }

        try
        {
            await _roles.RequireAsync(caller.ObjectId, access.Roles, access.Action, context.RequestAborted);
            return (caller, appRoles, null);
        }
        catch (AccessDeniedException ex)
        {
            return (null, appRoles, ApiProblems.Forbidden(access.AppRole is null ? ex.Message : $"{ex.Message} Apps need the {access.AppRole} app role."));
        }
    }
}
