using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Aims.Teams.Tests.Conversations;

public sealed class BotEndpointTests
{
    private const string Tenant = "11111111-1111-1111-1111-111111111111";
    private readonly Mock<IBotRequestAuthenticator> _auth = new();
    private readonly Mock<IActivityHandler> _handler = new();
    private readonly BotOptions _options = new() { AppId = "bot-app-id", MaxBodyBytes = 4096 };

    public BotEndpointTests()
    {
        _options.AllowedTenants.Add(Tenant);
        _auth.Setup(a => a.AuthenticateAsync(It.IsAny<string?>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string? _, Activity a, CancellationToken _) => BotAuthenticationResult.Success(new ClaimsIdentity("test"), new Uri(a.ServiceUrl!)));
    }

    private static string Message(string tenant = Tenant, string? serviceUrl = "https://smba.trafficmanager.net/teams/", bool withFrom = true, bool withConversation = true, string type = "message") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["type"] = type,
            ["id"] = "a1",
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = withFrom ? new { id = "29:user", aadObjectId = "oid-1", name = "Alex" } : null,
            ["recipient"] = new { id = "28:bot" },
            ["conversation"] = withConversation ? new { id = "a:conv", conversationType = "personal", tenantId = tenant } : null,
            ["channelData"] = new { tenant = new { id = tenant } },
            ["text"] = "help",
            ["unknownField"] = new { kept = true },
        });

    private async Task<(int Status, string Body)> PostAsync(string body, BotOptions? options = null, IPAddress? remote = null, string? auth = "Bearer token", string contentType = "application/json")
    {
        var endpoint = new BotEndpoint(Options.Create(options ?? _options), _auth.Object, Mock.Of<IConnectorClient>(), _handler.Object, NullLogger<BotEndpoint>.Instance);
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = contentType;
        if (auth is not null)
        {
            context.Request.Headers.Authorization = auth;
        }

        context.Connection.RemoteIpAddress = remote ?? IPAddress.Parse("52.112.0.1");
        context.Response.Body = new MemoryStream();
        var result = await endpoint.HandleAsync(context);
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    [Fact]
    public async Task A_valid_message_reaches_the_handler_with_unknown_properties_kept_and_answers_200()
    {
        TurnContext? seen = null;
        _handler.Setup(h => h.HandleAsync(It.IsAny<TurnContext>())).Callback<TurnContext>(t => seen = t).ReturnsAsync((InvokeResponse?)null);

        var (status, _) = await PostAsync(Message());

        Assert.Equal(200, status);
        Assert.NotNull(seen);
        Assert.Equal(Tenant, seen!.Activity.TenantId);
        Assert.True(seen.Activity.Extra!.ContainsKey("unknownField"));
        Assert.Equal(new Uri("https://smba.trafficmanager.net/teams/"), seen.ServiceUrl);
    }

    [Fact]
    public async Task The_turn_replies_only_to_the_service_url_authentication_vouched_for()
    {
        _auth.Setup(a => a.AuthenticateAsync(It.IsAny<string?>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(BotAuthenticationResult.Success(new ClaimsIdentity("test"), new Uri("https://smba.trafficmanager.net/emea/")));
        TurnContext? seen = null;
        _handler.Setup(h => h.HandleAsync(It.IsAny<TurnContext>())).Callback<TurnContext>(t => seen = t).ReturnsAsync((InvokeResponse?)null);

        await PostAsync(Message(serviceUrl: "https://smba.trafficmanager.net/emea/"));

        Assert.Equal(new Uri("https://smba.trafficmanager.net/emea/"), seen!.ServiceUrl);
    }

    [Fact]
    public async Task A_success_that_vouches_for_no_service_url_is_refused()
    {
        _auth.Setup(a => a.AuthenticateAsync(It.IsAny<string?>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BotAuthenticationResult(true, null, new ClaimsIdentity("test")));

        Assert.Equal(401, (await PostAsync(Message())).Status);
        _handler.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("")]
    public async Task A_body_that_is_not_json_gets_415_and_never_reaches_authentication(string contentType)
    {
        var (status, _) = await PostAsync(Message(), contentType: contentType);

        Assert.Equal(415, status);
        _auth.VerifyNoOtherCalls();
        _handler.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Json_with_a_charset_is_accepted() =>
        Assert.Equal(200, (await PostAsync(Message(), contentType: "application/json; charset=utf-8")).Status);

    [Fact]
    public async Task An_invoke_answers_with_the_handlers_invoke_response()
    {
        _handler.Setup(h => h.HandleAsync(It.IsAny<TurnContext>())).ReturnsAsync(new InvokeResponse(200, new { statusCode = 200, type = "application/vnd.microsoft.activity.message", value = "done" }));

        var (status, body) = await PostAsync(Message(type: "invoke"));

        Assert.Equal(200, status);
        Assert.Equal("done", JsonDocument.Parse(body).RootElement.GetProperty("value").GetString());
    }

    [Theory]
    [InlineData("{not json", "malformed JSON")]
    [InlineData("", "malformed JSON")]
    public async Task Malformed_bodies_get_400_and_never_reach_the_handler(string body, string reason)
    {
        var (status, text) = await PostAsync(body);

        Assert.Equal(400, status);
        Assert.Contains(reason, text, StringComparison.Ordinal);
        _handler.VerifyNoOtherCalls();
        _auth.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Missing_service_url_conversation_or_from_gets_400()
    {
        Assert.Equal(400, (await PostAsync(Message(serviceUrl: null))).Status);
        Assert.Equal(400, (await PostAsync(Message(serviceUrl: "ftp://x"))).Status);
        Assert.Equal(400, (await PostAsync(Message(withConversation: false))).Status);
        Assert.Equal(400, (await PostAsync(Message(withFrom: false))).Status);
        _handler.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413()
    {
        var big = Message().Replace("\"help\"", "\"" + new string('x', 5000) + "\"", StringComparison.Ordinal);

        var (status, _) = await PostAsync(big);

        Assert.Equal(413, status);
        _handler.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_failed_authentication_gets_401_and_never_reaches_the_handler()
    {
        _auth.Setup(a => a.AuthenticateAsync(It.IsAny<string?>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(BotAuthenticationResult.Fail("bad signature"));

        var (status, body) = await PostAsync(Message());

        Assert.Equal(401, status);
        Assert.DoesNotContain("bad signature", body, StringComparison.Ordinal); // reasons are logged, not told to the caller
        _handler.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Another_tenant_gets_403()
    {
        var (status, _) = await PostAsync(Message(tenant: "22222222-2222-2222-2222-222222222222"));

        Assert.Equal(403, status);
        _handler.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Development_mode_accepts_loopback_without_a_token_and_refuses_other_addresses()
    {
        var dev = new BotOptions { AppId = null };

        Assert.Equal(200, (await PostAsync(Message(), dev, IPAddress.Loopback, auth: null)).Status);
        Assert.Equal(200, (await PostAsync(Message(), dev, IPAddress.IPv6Loopback, auth: null)).Status);
        Assert.Equal(401, (await PostAsync(Message(), dev, IPAddress.Parse("10.1.2.3"), auth: null)).Status);
        // The serviceUrl check of development mode lives in the authenticator, which every loopback request goes through.
        _auth.Verify(a => a.AuthenticateAsync(It.IsAny<string?>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Development_mode_with_the_real_authenticator_refuses_a_remote_service_url()
    {
        var dev = Options.Create(new BotOptions { AppId = null });
        var real = new BotRequestAuthenticator(dev, new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), NullLogger<BotRequestAuthenticator>.Instance);
        var endpoint = new BotEndpoint(dev, real, Mock.Of<IConnectorClient>(), _handler.Object, NullLogger<BotEndpoint>.Instance);
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(Message(serviceUrl: "https://evil.invalid/"));
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentType = "application/json";
        context.Connection.RemoteIpAddress = IPAddress.Loopback;

        var result = await endpoint.HandleAsync(context);

        Assert.Equal(401, Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode);
        _handler.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_handler_exception_on_an_invoke_still_answers_teams_with_an_error_body_not_a_500()
    {
        _handler.Setup(h => h.HandleAsync(It.IsAny<TurnContext>())).ThrowsAsync(new InvalidOperationException("boom"));

        var (status, body) = await PostAsync(Message(type: "invoke"));

        Assert.Equal(200, status);
        Assert.Equal(500, JsonDocument.Parse(body).RootElement.GetProperty("statusCode").GetInt32());
        Assert.DoesNotContain("boom", body, StringComparison.Ordinal);
    }
}
