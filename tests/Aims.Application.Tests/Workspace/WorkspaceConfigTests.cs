using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Aims.Teams.Tests.Authentication;
using Aims.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aims.Application.Tests.Workspace;

/// <summary>
/// What the workspace learns before sign-in (<c>GET /api/workspace-config</c>) and after it (<c>GET /api/me</c>): in production the
/// tenant, client id and the tab's scope, and no development sign-in; in development the demo people, to loopback callers only.
/// </summary>
public sealed class WorkspaceConfigTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Audience = "api://aims.example.com/botid-6c0f6b1e-0000-4000-8000-00000000b07a";
    private const string BotAppId = "6c0f6b1e-0000-4000-8000-00000000b07a";
    private const string Alex = "00000000-0000-0000-0000-0000000000020";
    private readonly RsaSecurityKey _key = TestOpenIdAuthority.CreateKey("entra-key-workspace");
    private TestOpenIdAuthority _authority = null!;

    public async Task InitializeAsync()
    {
        _authority = await TestOpenIdAuthority.StartAsync();
        _authority.PublishEntraKeys(_key);
    }

    public async Task DisposeAsync() => await _authority.DisposeAsync();

    private DevHostFactory ProductionHost() => new(azurite.ConnectionString, new Dictionary<string, string?>
    {
        ["Api:Audience"] = Audience,
        ["Api:TabResource"] = Audience + "/",
        ["Api:TenantId"] = TestOpenIdAuthority.TenantId,
        ["Api:AuthorityHost"] = _authority.EntraAuthorityHost,
        ["Api:RequireHttpsMetadata"] = "false",
        ["Bot:AppId"] = BotAppId,
    });

    [Fact]
    public async Task In_production_the_config_names_tenant_client_and_the_tabs_scope_and_offers_no_development_sign_in_even_to_loopback()
    {
        using var host = ProductionHost();
        using var client = host.CreateClient();

        var config = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/workspace-config", UriKind.Relative));

        Assert.Equal(TestOpenIdAuthority.TenantId, config.GetProperty("tenantId").GetString());
        Assert.Equal(BotAppId, config.GetProperty("clientId").GetString());
        Assert.Equal(Audience + "/access_as_user", config.GetProperty("apiScope").GetString());
        Assert.False(config.GetProperty("developmentSignIn").GetBoolean());
        Assert.Equal(0, config.GetProperty("demoPeople").GetArrayLength());
    }

    [Fact]
    public async Task In_production_me_answers_the_signed_in_callers_name_and_roles_and_refuses_the_development_header()
    {
        using var host = ProductionHost();
        using var client = host.CreateClient();

        using var withToken = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/me", UriKind.Relative));
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token());
        using var answer = await client.SendAsync(withToken);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var me = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Alex, me.GetProperty("objectId").GetString());
        Assert.Equal("Alex Wilber", me.GetProperty("displayName").GetString());
        Assert.Equal(["AimsManager", "RiskOwner", "Staff"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        using var withHeader = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/me", UriKind.Relative));
        withHeader.Headers.Add("X-Aims-User", Alex);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(withHeader)).StatusCode);
    }

    [Fact]
    public async Task In_development_the_demo_people_are_listed_to_loopback_callers_only()
    {
        using var local = new DevHostFactory(azurite.ConnectionString, services: s => s.AddSingleton<IStartupFilter>(new CallerAddress(IPAddress.Loopback)));
        using var remote = new DevHostFactory(azurite.ConnectionString, services: s => s.AddSingleton<IStartupFilter>(new CallerAddress(IPAddress.Parse("203.0.113.7"))));

        var fromLoopback = await local.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/api/workspace-config", UriKind.Relative));
        var fromElsewhere = await remote.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/api/workspace-config", UriKind.Relative));

        Assert.True(fromLoopback.GetProperty("developmentSignIn").GetBoolean());
        var people = fromLoopback.GetProperty("demoPeople").EnumerateArray().Select(p => p.GetProperty("displayName").GetString()).ToList();
        // The DevHost's Dev:SignInPeople: the six personas of the ./aims dev banner, nobody else of the directory.
        Assert.Equal(["Adele Vance", "Alex Wilber", "Isaiah Langer", "Lynne Robbins", "Megan Bowen", "Patti Fernandez"], people.Order(StringComparer.Ordinal));
        Assert.Equal("Alex Wilber", people[0]); // the person with the most roles first
        Assert.Equal(0, fromElsewhere.GetProperty("demoPeople").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, fromLoopback.GetProperty("apiScope").ValueKind);
    }

    private string Token()
    {
        var now = DateTime.UtcNow; // the JWT handler checks lifetimes against the real clock
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"{_authority.EntraAuthorityHost}/{TestOpenIdAuthority.TenantId}/v2.0",
            Audience = Audience,
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now.AddMinutes(-1),
            Expires = now.AddMinutes(30),
            Claims = new Dictionary<string, object> { ["oid"] = Alex, ["name"] = "Alex Wilber", ["tid"] = TestOpenIdAuthority.TenantId, ["scp"] = "access_as_user" },
            Subject = new ClaimsIdentity([new Claim("sub", "alex")]),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }
}
