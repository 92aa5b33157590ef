using System.Text.Json;
using Aims.Teams.Connector;
using Aims.Teams.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Teams.Tests.Connector;

public sealed class ConnectorClientTests
{
    private const string TeamsConversationId = "a:1Xyz@thread.v2;messageid=1";
    private const string EscapedConversationId = "a%3A1Xyz%40thread.v2%3Bmessageid%3D1";

    private static Activity Message(string text = "hi") => new() { Type = ActivityTypes.Message, Text = text };

    private static Task Respond(HttpContext context, int status, object? body = null)
    {
        context.Response.StatusCode = status;
        if (body is null)
        {
            return Task.CompletedTask;
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    /// <summary>Answers the n-th request (0-based) with <paramref name="script"/>[n], and the last entry from then on.</summary>
    private static Func<HttpContext, Infrastructure.RecordedRequest, Task> Script(params Func<HttpContext, Task>[] script)
    {
        var count = -1;
        return (context, _) => script[Math.Min(Interlocked.Increment(ref count), script.Length - 1)](context);
    }

    [Fact]
    public async Task Throttled_429_with_Retry_After_is_retried_after_the_given_delay()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Server.Handler = Script(
            context =>
            {
                context.Response.Headers.RetryAfter = "1";
                return Respond(context, 429, new { error = new { code = "Throttled", message = "slow down" } });
            },
            context => Respond(context, 201, new { id = "activity-1" }));

        var response = await harness.Client.SendToConversationAsync(harness.ServiceUrl, TeamsConversationId, Message());

        Assert.Equal("activity-1", response.Id);
        var requests = harness.Server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        // Retry-After: 1 must win over the 10 ms test backoff.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(950), $"gap was {requests[1].ReceivedAt - requests[0].ReceivedAt}");
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_is_honoured()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Server.Handler = Script(
            context =>
            {
                // HTTP dates have one-second resolution: two seconds ahead is at least one second away.
                context.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R");
                return Respond(context, 503);
            },
            context => Respond(context, 201, new { id = "activity-1" }));

        await harness.Client.SendToConversationAsync(harness.ServiceUrl, TeamsConversationId, Message());

        var requests = harness.Server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), $"gap was {requests[1].ReceivedAt - requests[0].ReceivedAt}");
    }

    [Fact]
    public async Task Two_503s_then_201_takes_three_requests()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Server.Handler = Script(
            context => Respond(context, 503),
            context => Respond(context, 503),
            context => Respond(context, 201, new { id = "activity-3" }));

        var response = await harness.Client.SendToConversationAsync(harness.ServiceUrl, TeamsConversationId, Message());

        Assert.Equal("activity-3", response.Id);
        Assert.Equal(3, harness.Server.Requests.Count);
        Assert.All(harness.Server.Requests, r => Assert.Contains("\"text\":\"hi\"", r.Body, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Other_transient_statuses_are_retried(int status)
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Server.Handler = Script(context => Respond(context, status), context => Respond(context, 200, new { id = "ok" }));

        var response = await harness.Client.UpdateActivityAsync(harness.ServiceUrl, TeamsConversationId, "1", Message());

        Assert.Equal("ok", response.Id);
        Assert.Equal(2, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task Persistent_503_gives_up_after_the_bounded_attempts_with_the_error_message()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Server.Handler = (context, _) => Respond(context, 503, new { error = new { code = "ServiceError", message = "backend unavailable" } });

        var exception = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(harness.ServiceUrl, TeamsConversationId, Message()));

        Assert.Equal(503, exception.StatusCode);
        Assert.Contains("backend unavailable", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1 + 4, harness.Server.Requests.Count);
    }

    [Fact]
    public async Task Client_error_is_not_retried()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Server.Handler = (context, _) => Respond(context, 400, new { error = new { code = "BadArgument", message = "Activity text is too long" } });

        var exception = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(harness.ServiceUrl, TeamsConversationId, Message()));

        Assert.Equal(400, exception.StatusCode);
        Assert.Contains("Activity text is too long", exception.Message, StringComparison.Ordinal);
        Assert.Single(harness.Server.Requests);
    }

    [Fact]
    public async Task Unreachable_service_is_retried_then_reported_without_status()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        var serviceUrl = harness.ServiceUrl;
        await harness.Server.DisposeAsync();

        var exception = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(serviceUrl, TeamsConversationId, Message()));

        Assert.Null(exception.StatusCode);
        Assert.Contains("5 attempt(s)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_is_sent_as_bearer_and_fetched_once_for_several_calls()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Server.Handler = (context, _) => Respond(context, 201, new { id = "x" });

        for (var i = 0; i < 3; i++)
        {
            await harness.Client.SendToConversationAsync(harness.ServiceUrl, TeamsConversationId, Message());
        }

        Assert.Equal(1, harness.Credential.Calls);
        Assert.Equal("https://api.botframework.com/.default", harness.Credential.LastScope);
        Assert.Equal(3, harness.Server.Requests.Count);
        Assert.All(harness.Server.Requests, r => Assert.Equal("Bearer token-1", r.Authorization));
    }

    [Fact]
    public async Task Untrusted_service_url_gets_no_request_and_no_token()
    {
        await using var harness = await ConnectorHarness.StartAsync(trustServer: false);

        var exception = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(harness.ServiceUrl, TeamsConversationId, Message()));

        Assert.Null(exception.StatusCode);
        Assert.Contains("not trusted", exception.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Server.Requests);
        Assert.Equal(0, harness.Credential.Calls);
    }

    [Fact]
    public async Task Service_url_trusted_after_an_inbound_activity_is_served()
    {
        await using var harness = await ConnectorHarness.StartAsync(trustServer: false);
        harness.Server.Handler = (context, _) => Respond(context, 201, new { id = "x" });
        var trusted = (ITrustedServiceUrls)harness.Services.GetService(typeof(ITrustedServiceUrls))!;

        trusted.Trust(harness.ServiceUrl);
        await harness.Client.SendToConversationAsync(harness.ServiceUrl, TeamsConversationId, Message());

        Assert.Single(harness.Server.Requests);
    }

    [Fact]
    public async Task Development_mode_sends_no_authorization_header_to_loopback()
    {
        await using var harness = await ConnectorHarness.StartAsync(developmentMode: true, trustServer: false);
        harness.Server.Handler = (context, _) => Respond(context, 201, new { id = "x" });

        await harness.Client.SendToConversationAsync(harness.ServiceUrl, TeamsConversationId, Message());

        Assert.Equal(string.Empty, Assert.Single(harness.Server.Requests).Authorization);
        Assert.Equal(0, harness.Credential.Calls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("emea")]
    [InlineData("emea/")]
    public async Task Paths_escape_teams_ids_under_any_service_url_form(string servicePath)
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Server.Handler = (context, _) => Respond(context, 200, new { id = "x" });
        var serviceUrl = new Uri(harness.ServiceUrl, servicePath);
        var prefix = servicePath.Length == 0 ? "/" : "/emea/";
        const string activityId = "1:abc;x";

        await harness.Client.SendToConversationAsync(serviceUrl, TeamsConversationId, Message());
        await harness.Client.ReplyToActivityAsync(serviceUrl, TeamsConversationId, activityId, Message());
        await harness.Client.UpdateActivityAsync(serviceUrl, TeamsConversationId, activityId, Message());
        await harness.Client.DeleteActivityAsync(serviceUrl, TeamsConversationId, activityId);
        await harness.Client.GetMemberAsync(serviceUrl, TeamsConversationId, "29:1abc");

        var seen = harness.Server.Requests.Select(r => $"{r.Method} {r.RawTarget}").ToArray();
        Assert.Equal(
            [
                $"POST {prefix}v3/conversations/{EscapedConversationId}/activities",
                $"POST {prefix}v3/conversations/{EscapedConversationId}/activities/1%3Aabc%3Bx",
                $"PUT {prefix}v3/conversations/{EscapedConversationId}/activities/1%3Aabc%3Bx",
                $"DELETE {prefix}v3/conversations/{EscapedConversationId}/activities/1%3Aabc%3Bx",
                $"GET {prefix}v3/conversations/{EscapedConversationId}/members/29%3A1abc",
            ],
            seen);
    }

    [Fact]
    public async Task Member_not_found_is_null()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Server.Handler = (context, _) => Respond(context, 404, new { error = new { code = "MemberNotFoundInConversation", message = "not found" } });

        var member = await harness.Client.GetMemberAsync(harness.ServiceUrl, TeamsConversationId, "29:1abc");

        Assert.Null(member);
        Assert.Single(harness.Server.Requests);
    }

    [Fact]
    public async Task Member_is_read_from_the_response()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Server.Handler = (context, _) => Respond(context, 200, new { id = "29:1abc", name = "Ada", aadObjectId = "0000-aad", userPrincipalName = "ada@contoso.com" });

        var member = await harness.Client.GetMemberAsync(harness.ServiceUrl, TeamsConversationId, "29:1abc");

        Assert.NotNull(member);
        Assert.Equal("Ada", member!.Name);
        Assert.Equal("0000-aad", member.AadObjectId);
        Assert.Equal("ada@contoso.com", member.Extra!["userPrincipalName"].GetString());
    }

    [Fact]
    public async Task Create_conversation_posts_the_protocol_body_shape()
    {
        await using var harness = await ConnectorHarness.StartAsync();
        harness.Server.Handler = (context, _) => Respond(context, 201, new { id = "a:new-conversation", activityId = "1", serviceUrl = "https://smba.trafficmanager.net/emea/" });

        var response = await harness.Client.CreateConversationAsync(harness.ServiceUrl, new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = "28:" + ConnectorHarness.AppId },
            Members = [new ChannelAccount { Id = "29:1abc" }],
            TenantId = ConnectorHarness.TenantId,
        });

        Assert.Equal("a:new-conversation", response.Id);
        Assert.Equal("1", response.ActivityId);
        var request = Assert.Single(harness.Server.Requests);
        Assert.Equal("POST /v3/conversations", $"{request.Method} {request.RawTarget}");
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.False(root.GetProperty("isGroup").GetBoolean());
        Assert.Equal("28:" + ConnectorHarness.AppId, root.GetProperty("bot").GetProperty("id").GetString());
        Assert.Equal("29:1abc", Assert.Single(root.GetProperty("members").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(ConnectorHarness.TenantId, root.GetProperty("tenantId").GetString());
        Assert.False(root.TryGetProperty("activity", out _));
    }

    [Fact]
    public async Task Requests_to_one_conversation_beyond_seven_per_second_are_queued_not_refused()
    {
        // The limits on a fake clock: the eighth request is held until the clock moves, not for some wall-clock time.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        using var limits = new ConnectorRateLimits(Options.Create(new BotOptions()), Options.Create(new ConnectorResilienceOptions()), null, clock);
        await using var harness = await ConnectorHarness.StartAsync(limits: limits);
        harness.Server.Handler = (context, _) => Respond(context, 201, new { id = "x" });

        var sends = Enumerable.Range(0, 8).Select(i => harness.Client.SendToConversationAsync(harness.ServiceUrl, TeamsConversationId, Message($"m{i}"))).ToList();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (sends.Count(s => s.IsCompleted) < 7 && DateTime.UtcNow < deadline) await Task.Delay(20);
        await Task.Delay(100);
        Assert.Equal(7, harness.Server.Requests.Count);   // Teams: 7 per second per thread
        Assert.Equal(1, sends.Count(s => !s.IsCompleted));   // the eighth is queued, not refused
        clock.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(100);
        Assert.Equal(7, harness.Server.Requests.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1));        // the first second's permits leave the window
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(8, harness.Server.Requests.Count);
    }
}
