using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Aims.Teams.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aims.Teams.Tests.Authentication;

/// <summary>
/// Plays both token issuers on a loopback server: the Bot Framework OpenID metadata (keys with channel endorsements)
/// and the Entra v2 metadata of a tenant; mints RS256 tokens with locally generated RSA keys.
/// </summary>
public sealed class TestOpenIdAuthority : IAsyncDisposable
{
    public const string BotFrameworkMetadataPath = "/botframework/v1/.well-known/openidconfiguration";
    public const string BotFrameworkKeysPath = "/botframework/v1/keys";
    public const string TenantId = "11111111-2222-3333-4444-555555555555";
    public const string OtherTenantId = "99999999-8888-7777-6666-555555555555";
    public const string EntraMetadataPath = "/" + TenantId + "/v2.0/.well-known/openid-configuration";
    public const string EntraKeysPath = "/" + TenantId + "/discovery/v2.0/keys";

    private readonly Lock _gate = new();
    private List<(RsaSecurityKey Key, string[] Endorsements)> _botFrameworkKeys = [];
    private List<RsaSecurityKey> _entraKeys = [];

    private TestOpenIdAuthority(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }

    public string BotFrameworkMetadataUrl => new Uri(Server.BaseAddress, BotFrameworkMetadataPath.TrimStart('/')).AbsoluteUri;

    /// <summary>The value for <c>BotOptions.EntraAuthorityHost</c>.</summary>
    public string EntraAuthorityHost => Server.BaseAddress.AbsoluteUri.TrimEnd('/');

    public int BotFrameworkMetadataRequests => Server.CountRequests(BotFrameworkMetadataPath);

    public static async Task<TestOpenIdAuthority> StartAsync()
    {
        var server = await LoopbackServer.StartAsync();
        var authority = new TestOpenIdAuthority(server);
        server.Handler = authority.HandleAsync;
        return authority;
    }

    public static RsaSecurityKey CreateKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    /// <summary>Replaces the published Bot Framework keys (a key rotation).</summary>
    public void PublishBotFrameworkKeys(params (RsaSecurityKey Key, string[] Endorsements)[] keys)
    {
        lock (_gate)
        {
            _botFrameworkKeys = [.. keys];
        }
    }

    public void PublishEntraKeys(params RsaSecurityKey[] keys)
    {
        lock (_gate)
        {
            _entraKeys = [.. keys];
        }
    }

    public static string CreateToken(
        SecurityKey signingKey,
        string issuer,
        string audience,
        string? serviceUrl,
        DateTime? notBefore = null,
        DateTime? expires = null,
        string serviceUrlClaimName = "serviceurl",
        string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>();
        if (serviceUrl is not null)
        {
            claims[serviceUrlClaimName] = serviceUrl;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(30),
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            Claims = claims,
            Subject = new ClaimsIdentity([new Claim("appid", "bot-framework-service")]),
            SigningCredentials = new SigningCredentials(signingKey, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) built by hand: no library will mint one.</summary>
    public static string CreateUnsignedToken(string keyId, string issuer, string audience, string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow;
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = keyId });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(30).ToUnixTimeSeconds(),
        });
        return $"{Base64UrlEncoder.Encode(header)}.{Base64UrlEncoder.Encode(payload)}.";
    }

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        var baseUrl = Server.BaseAddress.AbsoluteUri.TrimEnd('/');
        object? document = request.Path switch
        {
            BotFrameworkMetadataPath => new Dictionary<string, object>
            {
                ["issuer"] = "https://api.botframework.com",
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = baseUrl + BotFrameworkKeysPath,
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
            },
            BotFrameworkKeysPath => new Dictionary<string, object> { ["keys"] = Snapshot(_botFrameworkKeys).Select(k => ToJwk(k.Key, k.Endorsements)).ToArray() },
            EntraMetadataPath => new Dictionary<string, object>
            {
                ["issuer"] = $"https://login.microsoftonline.com/{TenantId}/v2.0",
                ["jwks_uri"] = baseUrl + EntraKeysPath,
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            },
            EntraKeysPath => new Dictionary<string, object> { ["keys"] = Snapshot(_entraKeys).Select(k => ToJwk(k, null)).ToArray() },
            _ => null,
        };

        if (document is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(document));
    }

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }

    private static Dictionary<string, object> ToJwk(RsaSecurityKey key, string[]? endorsements)
    {
        var parameters = key.Rsa.ExportParameters(false);
        var jwk = new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus!),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent!),
        };
        if (endorsements is not null)
        {
            jwk["endorsements"] = endorsements;
        }

        return jwk;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
