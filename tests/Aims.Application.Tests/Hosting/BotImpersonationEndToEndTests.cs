using System.Net;
using System.Text;
using System.Text.Json;
using Aims.Application.Demo;
using Aims.Core.Messaging;
using Aims.Core.Risks;
using Aims.Teams.Connector;
using Aims.Teams.Tests.Authentication;
using Aims.Teams.Tests.Infrastructure;
using Azure.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Aims.Application.Tests.Hosting;

/// <summary>
/// The impersonation attack, tried against the DevHost with authentication on and real signed tokens from a loopback identity
/// provider: an app of the tenant mints an Entra token for the bot's app id and sends an activity "from Alex" that approves a
/// risk and names its own serviceUrl. Nothing may happen, the bot's outbound token must never reach that URL, and Alex's chat
/// address must not move; a genuine Bot Framework activity still works.
/// </summary>
public sealed class BotImpersonationEndToEndTests(Reviews.DedicatedAzurite azurite) : IClassFixture<Reviews.DedicatedAzurite>, IAsyncLifetime
{
    private const string AppId = "6c0f6b1e-0000-4000-8000-00000000b07a";
    private const string Alex = "00000000-0000-0000-0000-0000000000020";
    private const string OutboundToken = "outbound-bot-connector-token";
    private static readonly RsaSecurityKey BotFrameworkKey = TestOpenIdAuthority.CreateKey("bf-e2e");
    private static readonly RsaSecurityKey TenantKey = TestOpenIdAuthority.CreateKey("entra-e2e");
    private TestOpenIdAuthority _authority = null!;
    private LoopbackServer _attacker = null!;
    private LoopbackServer _teams = null!;
    private DevHostFactory _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _authority = await TestOpenIdAuthority.StartAsync();
        _authority.PublishBotFrameworkKeys((BotFrameworkKey, ["msteams"]));
        _authority.PublishEntraKeys(TenantKey);
        _attacker = await LoopbackServer.StartAsync();
        _teams = await LoopbackServer.StartAsync();
        _teams.Handler = async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"id\":\"sent-1\"}");
        };
        _host = new DevHostFactory(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:TenantId"] = TestOpenIdAuthority.TenantId,
            ["Bot:OpenIdMetadataUrl"] = _authority.BotFrameworkMetadataUrl,
            ["Bot:RequireHttpsMetadata"] = "false",
            ["Bot:AllowedTenants:0"] = TestOpenIdAuthority.TenantId,
        }, s => s.AddKeyedSingleton<TokenCredential>(BotTokenProvider.CredentialServiceKey, new FixedCredential()));
        _client = _host.CreateClient();
        await _host.Services.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _teams.DisposeAsync();
        await _attacker.DisposeAsync();
        await _authority.DisposeAsync();
    }

    [Theory]
    [InlineData("https://sts.windows.net/" + TestOpenIdAuthority.TenantId + "/")]
    [InlineData("https://login.microsoftonline.com/" + TestOpenIdAuthority.TenantId + "/v2.0")]
    public async Task An_entra_token_from_another_app_approves_nothing_and_the_bots_token_never_reaches_its_service_url(string issuer)
    {
        var attackerUrl = _attacker.BaseAddress.AbsoluteUri;
        var before = (await Risks.GetAsync("R-1"))!;
        var address = await Addresses.FindAsync(Alex);
        var token = TestOpenIdAuthority.CreateToken(TenantKey, issuer, AppId, attackerUrl);

        var approve = await PostAsync(Approve(attackerUrl, before.Risk.Revision, "attack-" + issuer.Length), token);
        var message = await PostAsync(Message(attackerUrl, "help"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, approve);
        Assert.Equal(HttpStatusCode.Unauthorized, message);
        var after = (await Risks.GetAsync("R-1"))!;
        Assert.Equal(before.Risk.State, after.Risk.State);
        Assert.Equal(before.Risk.Decisions.Count, after.Risk.Decisions.Count);
        Assert.Empty(_attacker.Requests);
        Assert.Equal(address?.ServiceUrl, (await Addresses.FindAsync(Alex))?.ServiceUrl);
    }

    [Fact]
    public async Task A_bot_framework_token_vouching_for_another_service_url_is_refused()
    {
        var address = await Addresses.FindAsync(Alex);
        var token = TestOpenIdAuthority.CreateToken(BotFrameworkKey, BotRequestAuthenticator.BotFrameworkIssuer, AppId, _teams.BaseAddress.AbsoluteUri);

        var status = await PostAsync(Message(_attacker.BaseAddress.AbsoluteUri, "help"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Empty(_attacker.Requests);
        Assert.Equal(address?.ServiceUrl, (await Addresses.FindAsync(Alex))?.ServiceUrl);
    }

    [Fact]
    public async Task A_genuine_activity_is_answered_at_its_vouched_service_url_and_a_later_forgery_cannot_move_the_address()
    {
        var teamsUrl = _teams.BaseAddress.AbsoluteUri;
        var genuine = TestOpenIdAuthority.CreateToken(BotFrameworkKey, BotRequestAuthenticator.BotFrameworkIssuer, AppId, teamsUrl);

        Assert.Equal(HttpStatusCode.OK, await PostAsync(Message(teamsUrl, "help"), genuine));

        var reply = Assert.Single(_teams.Requests, r => r.Method == "POST" && r.Path.Contains("/activities", StringComparison.Ordinal));
        Assert.Equal("Bearer " + OutboundToken, reply.Authorization);
        Assert.Equal(teamsUrl, (await Addresses.FindAsync(Alex))!.ServiceUrl);

        var forged = TestOpenIdAuthority.CreateToken(TenantKey, "https://sts.windows.net/" + TestOpenIdAuthority.TenantId + "/", AppId, _attacker.BaseAddress.AbsoluteUri);
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(Message(_attacker.BaseAddress.AbsoluteUri, "help"), forged));
        Assert.Equal(teamsUrl, (await Addresses.FindAsync(Alex))!.ServiceUrl);
        Assert.Empty(_attacker.Requests);
    }

    private IRiskRegister Risks => _host.Services.GetRequiredService<IRiskRegister>();

    private IChatAddressBook Addresses => _host.Services.GetRequiredService<IChatAddressBook>();

    private async Task<HttpStatusCode> PostAsync(object activity, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(JsonSerializer.Serialize(activity), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }

    private static Dictionary<string, object?> Activity(string serviceUrl, string type) => new()
    {
        ["type"] = type,
        ["id"] = "act-" + Guid.NewGuid().ToString("N"),
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new { id = "29:alex", name = "Alex Wilber", aadObjectId = Alex },
        ["recipient"] = new { id = "28:" + AppId, name = "AIMS" },
        ["conversation"] = new { id = "a:alex-personal", conversationType = "personal", tenantId = TestOpenIdAuthority.TenantId },
        ["channelData"] = new { tenant = new { id = TestOpenIdAuthority.TenantId } },
    };

    private static Dictionary<string, object?> Message(string serviceUrl, string text)
    {
        var activity = Activity(serviceUrl, "message");
        activity["text"] = text;
        return activity;
    }

    private static Dictionary<string, object?> Approve(string serviceUrl, int revision, string id)
    {
        var activity = Activity(serviceUrl, "invoke");
        activity["id"] = id;
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new { action = new { type = "Action.Execute", verb = "risk.approve", data = new { riskId = "R-1", revision = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) } }, trigger = "manual" };
        return activity;
    }

    /// <summary>Stands in for Entra when the bot asks for its Bot Connector token.</summary>
    private sealed class FixedCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(OutboundToken, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
