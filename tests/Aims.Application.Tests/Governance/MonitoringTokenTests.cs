using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Aims.Application.Objectives;
using Aims.Application.Register;
using Aims.Application.Tests.Reviews;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Teams.Tests.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aims.Application.Tests.Governance;

/// <summary>
/// The monitoring endpoint with real Entra tokens (not the development header): a loopback authority publishes the keys,
/// the tests mint app-only tokens the way client credentials or an Azure Monitor secure webhook would get them.
/// </summary>
public sealed class MonitoringTokenTests(DedicatedAzurite azurite) : IClassFixture<DedicatedAzurite>, IAsyncLifetime
{
    private const string Audience = "api://aims-tests";
    private readonly RsaSecurityKey _key = TestOpenIdAuthority.CreateKey("entra-key-1");
    private TestOpenIdAuthority _authority = null!;
    private ReviewHost _host = null!;
    private string _system = null!;

    public async Task InitializeAsync()
    {
        _authority = await TestOpenIdAuthority.StartAsync();
        _authority.PublishEntraKeys(_key);
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero), new Dictionary<string, string?>
        {
            ["Api:Audience"] = Audience,
            ["Api:TenantId"] = TestOpenIdAuthority.TenantId,
            ["Api:AuthorityHost"] = _authority.EntraAuthorityHost,
            ["Api:RequireHttpsMetadata"] = "false",
        });
        var details = new AiSystemDetails("Token model " + Guid.NewGuid().ToString("N")[..6], "Scores", null, ReviewHost.Megan, "Lending", LifecycleStage.OperationAndMonitoring,
            AiSystemRole.Developer, "Classifier", null, [new DataSource("History", DataClassification.Internal)], ["Applicants"], "Analyst review", AutonomyLevel.DecisionSupport,
            EuAiActRiskClass.High, ImpactAssessmentStatus.InProgress, null, null, null, []);
        _system = (await _host.Get<RegisterService>().CreateAsync(details, new Actor(ReviewHost.Alex, "Alex Wilber"))).System.Id;
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _authority.DisposeAsync();
    }

    private string Token(SecurityKey key, string[]? roles, string audience = Audience, DateTime? expires = null)
    {
        var claims = new Dictionary<string, object> { ["oid"] = "7f0c5a4e-0000-4000-8000-00000000abcd", ["azp"] = "mlops-pipeline", ["idtyp"] = "app" };
        if (roles is not null) claims["roles"] = roles;
        var now = DateTime.UtcNow;   // the JWT handler checks lifetimes against the real clock, not the app's
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"{_authority.EntraAuthorityHost}/{TestOpenIdAuthority.TenantId}/v2.0",
            Audience = audience,
            NotBefore = now.AddMinutes(-10),
            IssuedAt = now.AddMinutes(-10),
            Expires = expires ?? now.AddMinutes(30),
            Claims = claims,
            Subject = new ClaimsIdentity([new Claim("sub", "mlops-pipeline")]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private async Task<HttpStatusCode> PostAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/monitoring/signals")
        {
            Content = JsonContent.Create(new { system = _system, metric = "latency-ms", value = 87.0, timestamp = _host.Clock.GetUtcNow(), id = Guid.NewGuid().ToString("N") }),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // The development header means nothing once an audience is configured.
        request.Headers.Add("X-Aims-User", ReviewHost.Alex);
        request.Headers.Add("X-Aims-App-Roles", PostMonitoringSignalHandler.AppRole);
        using var response = await _host.Client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Only_a_valid_app_token_with_the_monitoring_role_may_post()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(Token(TestOpenIdAuthority.CreateKey("forged"), [PostMonitoringSignalHandler.AppRole])));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(Token(_key, [PostMonitoringSignalHandler.AppRole], audience: "api://someone-else")));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(Token(_key, [PostMonitoringSignalHandler.AppRole], expires: DateTime.UtcNow.AddMinutes(-8))));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(Token(_key, null)));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(Token(_key, ["Reports.Read"])));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(Token(_key, ["Reports.Read", PostMonitoringSignalHandler.AppRole])));
    }
}
