using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Aims.Teams.Tests.Authentication;
using Aims.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aims.Application.Tests.Hosting;

/// <summary>
/// The management API as production runs it: the whole DevHost with <c>Api:Audience</c> set, tokens signed by the loopback
/// identity provider (<see cref="TestOpenIdAuthority"/>, real RSA keys and OpenID metadata). And in development mode, the
/// <c>X-Aims-User</c> header from an address other than loopback.
/// </summary>
public sealed class ProductionAuthTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Audience = "api://aims-production-tests";
    private const string TabResource = "api://aims.contoso.example/botid-6c0f6b1e-0000-4000-8000-00000000b07a";
    private const string TabClientId = "6c0f6b1e-0000-4000-8000-00000000b07a";
    private const string Alex = "00000000-0000-0000-0000-0000000000020";   // AIMS manager
    private readonly RsaSecurityKey _key = TestOpenIdAuthority.CreateKey("entra-key-prod");
    private TestOpenIdAuthority _authority = null!;

    public async Task InitializeAsync()
    {
        _authority = await TestOpenIdAuthority.StartAsync();
        _authority.PublishEntraKeys(_key);
    }

    public async Task DisposeAsync() => await _authority.DisposeAsync();

    private DevHostFactory ProductionHost(bool withTab = false) => new(azurite.ConnectionString, new Dictionary<string, string?>
    {
        ["Api:Audience"] = Audience,
        ["Api:TenantId"] = TestOpenIdAuthority.TenantId,
        ["Api:AuthorityHost"] = _authority.EntraAuthorityHost,
        ["Api:RequireHttpsMetadata"] = "false",
        ["Api:TabResource"] = withTab ? TabResource : null,
        ["Api:TabClientId"] = withTab ? TabClientId : null,
    });

    private string UserToken(string tenant = TestOpenIdAuthority.TenantId, SecurityKey? key = null, string audience = Audience, string? scope = "access_as_user", string? tokenTenant = null)
    {
        var claims = new Dictionary<string, object> { ["oid"] = Alex, ["name"] = "Alex Wilber", ["tid"] = tokenTenant ?? tenant };
        if (scope is not null) claims["scp"] = scope;
        var now = DateTime.UtcNow;   // the JWT handler checks lifetimes against the real clock
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"{_authority.EntraAuthorityHost}/{tenant}/v2.0",
            Audience = audience,
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now.AddMinutes(-1),
            Expires = now.AddMinutes(30),
            Claims = claims,
            Subject = new ClaimsIdentity([new Claim("sub", "alex")]),
            SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static async Task<HttpStatusCode> GetRisksAsync(HttpClient client, string? token, string? developmentUser = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/risks", UriKind.Relative));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (developmentUser is not null) request.Headers.Add("X-Aims-User", developmentUser);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_token_of_the_tenant_signed_by_its_keys_is_accepted_and_another_tenant_a_forged_key_or_the_header_are_refused()
    {
        using var host = ProductionHost();
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await GetRisksAsync(client, UserToken()));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetRisksAsync(client, UserToken(tenant: TestOpenIdAuthority.OtherTenantId)));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetRisksAsync(client, UserToken(key: TestOpenIdAuthority.CreateKey("entra-key-prod"))));   // same key id, other key
        Assert.Equal(HttpStatusCode.Unauthorized, await GetRisksAsync(client, null, developmentUser: Alex));   // the development header means nothing here
        Assert.Equal(HttpStatusCode.Unauthorized, await GetRisksAsync(client, "not-a-token"));
    }

    [Fact]
    public async Task The_workspace_tabs_token_is_accepted_as_the_signed_in_person_with_its_scope_and_tenant_only()
    {
        using var host = ProductionHost(withTab: true);
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await GetRisksAsync(client, UserToken(audience: TabResource)));   // v1: the Application ID URI
        Assert.Equal(HttpStatusCode.OK, await GetRisksAsync(client, UserToken(audience: TabClientId)));   // v2: the client id
        Assert.Equal(HttpStatusCode.OK, await GetRisksAsync(client, UserToken()));                        // the API's own tokens still work
        Assert.Equal(HttpStatusCode.Unauthorized, await GetRisksAsync(client, UserToken(audience: TabResource, scope: null)));             // app-only: no person
        Assert.Equal(HttpStatusCode.Unauthorized, await GetRisksAsync(client, UserToken(audience: TabResource, scope: "User.Read")));       // another scope
        Assert.Equal(HttpStatusCode.Unauthorized, await GetRisksAsync(client, UserToken(audience: TabResource, tokenTenant: TestOpenIdAuthority.OtherTenantId)));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetRisksAsync(client, UserToken(audience: "api://someone-else")));
    }

    [Fact]
    public async Task Without_a_tab_resource_configured_a_token_for_the_tab_is_refused()
    {
        using var host = ProductionHost();
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, await GetRisksAsync(client, UserToken(audience: TabResource)));
    }

    [Fact]
    public async Task In_development_mode_the_user_header_is_taken_from_loopback_only()
    {
        using var local = new DevHostFactory(azurite.ConnectionString);
        using var remote = new DevHostFactory(azurite.ConnectionString, services: s => s.AddSingleton<IStartupFilter>(new RemoteCaller(IPAddress.Parse("203.0.113.7"))));
        using var localClient = local.CreateClient();
        using var remoteClient = remote.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await GetRisksAsync(localClient, null, developmentUser: Alex));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetRisksAsync(remoteClient, null, developmentUser: Alex));
    }

    /// <summary>Requests arrive from <paramref name="address"/> (runs after the factory's loopback default, so it wins).</summary>
    private sealed class RemoteCaller(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
