using Aims.Teams.Connector;
using Aims.Teams.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Aims.Teams.Tests.Authentication;

public sealed class BotRequestAuthenticatorTests : IAsyncLifetime
{
    private const string AppId = "6c0f6b1e-0000-4000-8000-00000000b07a";
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private const string BotFrameworkIssuer = "https://api.botframework.com";

    private static readonly RsaSecurityKey BotKey = TestOpenIdAuthority.CreateKey("bf-key-1");
    private static readonly RsaSecurityKey RotatedBotKey = TestOpenIdAuthority.CreateKey("bf-key-2");
    private static readonly RsaSecurityKey ImpostorKey = TestOpenIdAuthority.CreateKey("bf-key-1");
    private static readonly RsaSecurityKey EntraKey = TestOpenIdAuthority.CreateKey("entra-key-1");

    private TestOpenIdAuthority _authority = null!;
    private ServiceProvider _services = null!;
    private readonly TrustedServiceUrls _trusted = new(Options.Create(new BotOptions { AppId = AppId }), NullLogger<TrustedServiceUrls>.Instance);

    public async Task InitializeAsync()
    {
        _authority = await TestOpenIdAuthority.StartAsync();
        _authority.PublishBotFrameworkKeys((BotKey, ["msteams"]));
        _authority.PublishEntraKeys(EntraKey);
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _authority.DisposeAsync();
    }

    private BotRequestAuthenticator CreateAuthenticator(Action<BotOptions>? configure = null)
    {
        var options = new BotOptions
        {
            AppId = AppId,
            TenantId = TestOpenIdAuthority.TenantId,
            OpenIdMetadataUrl = _authority.BotFrameworkMetadataUrl,
            RequireHttpsMetadata = false,
        };
        configure?.Invoke(options);
        return new BotRequestAuthenticator(
            Options.Create(options),
            _services.GetRequiredService<IHttpClientFactory>(),
            NullLogger<BotRequestAuthenticator>.Instance,
            _trusted);
    }

    private static Activity TeamsActivity(string serviceUrl = ServiceUrl, string channelId = "msteams") => new()
    {
        Type = ActivityTypes.Message,
        ServiceUrl = serviceUrl,
        ChannelId = channelId,
        Conversation = new ConversationAccount { Id = "a:1Xyz@thread.v2" },
        Text = "hello",
    };

    private static string BotToken(SecurityKey? key = null, string issuer = BotFrameworkIssuer, string audience = AppId, string? serviceUrl = ServiceUrl, DateTime? notBefore = null, DateTime? expires = null, string serviceUrlClaimName = "serviceurl") =>
        "Bearer " + TestOpenIdAuthority.CreateToken(key ?? BotKey, issuer, audience, serviceUrl, notBefore, expires, serviceUrlClaimName);

    private static void AssertFailed(BotAuthenticationResult result, BotAuthenticationFailure expected)
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.Identity);
        Assert.Equal(expected, result.Failure);
        Assert.False(string.IsNullOrWhiteSpace(result.FailureReason));
    }

    [Fact]
    public async Task Valid_bot_framework_token_is_accepted_and_its_service_url_trusted()
    {
        var authenticator = CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync(BotToken(), TeamsActivity());

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(BotAuthenticationFailure.None, result.Failure);
        Assert.NotNull(result.Identity);
        Assert.True(result.Identity!.IsAuthenticated);
        Assert.True(_trusted.IsTrusted(new Uri(ServiceUrl)));
    }

    [Fact]
    public async Task Service_url_claim_in_camel_case_and_without_trailing_slash_is_accepted()
    {
        var authenticator = CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync(
            BotToken(serviceUrl: ServiceUrl.TrimEnd('/'), serviceUrlClaimName: "serviceUrl"), TeamsActivity());

        Assert.True(result.Succeeded, result.FailureReason);
    }

    [Fact]
    public async Task Wrong_issuer_is_refused()
    {
        var result = await CreateAuthenticator().AuthenticateAsync(BotToken(issuer: "https://api.botframework.com.evil.example"), TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.UntrustedIssuer);
        Assert.Contains("issuer", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_audience_is_refused()
    {
        var result = await CreateAuthenticator().AuthenticateAsync(BotToken(audience: "some-other-bot"), TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.InvalidAudience);
    }

    [Fact]
    public async Task Token_expired_beyond_the_clock_skew_is_refused()
    {
        var now = DateTime.UtcNow;

        var result = await CreateAuthenticator().AuthenticateAsync(BotToken(notBefore: now.AddHours(-1), expires: now.AddMinutes(-6)), TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.Expired);
    }

    [Fact]
    public async Task Token_expired_within_the_clock_skew_is_accepted()
    {
        var now = DateTime.UtcNow;

        var result = await CreateAuthenticator().AuthenticateAsync(BotToken(notBefore: now.AddHours(-1), expires: now.AddMinutes(-3)), TeamsActivity());

        Assert.True(result.Succeeded, result.FailureReason);
    }

    [Fact]
    public async Task Token_not_yet_valid_is_refused()
    {
        var now = DateTime.UtcNow;

        var result = await CreateAuthenticator().AuthenticateAsync(BotToken(notBefore: now.AddMinutes(10), expires: now.AddMinutes(40)), TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.NotYetValid);
    }

    [Fact]
    public async Task Signature_by_another_key_with_the_same_kid_is_refused()
    {
        var result = await CreateAuthenticator().AuthenticateAsync(BotToken(key: ImpostorKey), TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.InvalidSignature);
    }

    [Fact]
    public async Task Unknown_kid_forces_one_refresh_and_a_rotated_in_key_is_then_accepted()
    {
        var authenticator = CreateAuthenticator();
        Assert.True((await authenticator.AuthenticateAsync(BotToken(), TeamsActivity())).Succeeded);
        Assert.Equal(1, _authority.BotFrameworkMetadataRequests);

        _authority.PublishBotFrameworkKeys((BotKey, ["msteams"]), (RotatedBotKey, ["msteams"]));
        var rotated = await authenticator.AuthenticateAsync(BotToken(key: RotatedBotKey), TeamsActivity());

        Assert.True(rotated.Succeeded, rotated.FailureReason);
        Assert.Equal(2, _authority.BotFrameworkMetadataRequests);

        // Within the refresh interval a further unknown kid is refused without fetching the metadata again.
        var unknown = await authenticator.AuthenticateAsync(BotToken(key: TestOpenIdAuthority.CreateKey("bf-key-unknown")), TeamsActivity());
        AssertFailed(unknown, BotAuthenticationFailure.SigningKeyNotFound);
        Assert.Equal(2, _authority.BotFrameworkMetadataRequests);
    }

    [Fact]
    public async Task Two_unknown_kids_within_the_refresh_interval_cause_a_single_metadata_refetch()
    {
        var authenticator = CreateAuthenticator();
        Assert.True((await authenticator.AuthenticateAsync(BotToken(), TeamsActivity())).Succeeded);

        var first = await authenticator.AuthenticateAsync(BotToken(key: TestOpenIdAuthority.CreateKey("unknown-1")), TeamsActivity());
        var second = await authenticator.AuthenticateAsync(BotToken(key: TestOpenIdAuthority.CreateKey("unknown-2")), TeamsActivity());

        AssertFailed(first, BotAuthenticationFailure.SigningKeyNotFound);
        AssertFailed(second, BotAuthenticationFailure.SigningKeyNotFound);
        Assert.Equal(2, _authority.BotFrameworkMetadataRequests);
    }

    [Fact]
    public async Task Unsigned_alg_none_token_is_refused()
    {
        var token = TestOpenIdAuthority.CreateUnsignedToken(BotKey.KeyId, BotFrameworkIssuer, AppId, ServiceUrl);

        var result = await CreateAuthenticator().AuthenticateAsync("Bearer " + token, TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.UnsupportedAlgorithm);
        Assert.Contains("none", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hmac_signed_token_is_refused()
    {
        var hmacKey = new SymmetricSecurityKey(new byte[32]) { KeyId = BotKey.KeyId };
        var token = TestOpenIdAuthority.CreateToken(hmacKey, BotFrameworkIssuer, AppId, ServiceUrl, algorithm: SecurityAlgorithms.HmacSha256);

        var result = await CreateAuthenticator().AuthenticateAsync("Bearer " + token, TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.UnsupportedAlgorithm);
    }

    [Fact]
    public async Task Service_url_claim_that_differs_from_the_activity_is_refused()
    {
        var result = await CreateAuthenticator().AuthenticateAsync(BotToken(serviceUrl: "https://attacker.example/emea/"), TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.ServiceUrlMismatch);
        Assert.False(_trusted.IsTrusted(new Uri("https://attacker.example/emea/")));
    }

    [Fact]
    public async Task Bot_framework_token_without_service_url_claim_is_refused()
    {
        var result = await CreateAuthenticator().AuthenticateAsync(BotToken(serviceUrl: null), TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.MissingServiceUrlClaim);
    }

    [Fact]
    public async Task Key_not_endorsed_for_the_activity_channel_is_refused()
    {
        _authority.PublishBotFrameworkKeys((BotKey, ["webchat"]));

        var result = await CreateAuthenticator().AuthenticateAsync(BotToken(), TeamsActivity(channelId: "msteams"));

        AssertFailed(result, BotAuthenticationFailure.ChannelNotEndorsed);
        Assert.Contains("msteams", result.FailureReason, StringComparison.Ordinal);
    }

    // An Entra token for the bot's app id can be obtained by any app in the tenant (client credentials with the bot as
    // resource): accepting one let such an app act as any user and receive the bot's outbound token at its own serviceUrl.
    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Entra_token_of_the_configured_tenant_is_refused_and_its_service_url_not_trusted(string version)
    {
        var issuer = version == "v1" ? $"https://sts.windows.net/{TestOpenIdAuthority.TenantId}/" : $"https://login.microsoftonline.com/{TestOpenIdAuthority.TenantId}/v2.0";
        const string attackerUrl = "https://attacker.example/";
        var token = TestOpenIdAuthority.CreateToken(EntraKey, issuer, AppId, attackerUrl);

        var result = await CreateAuthenticator().AuthenticateAsync("Bearer " + token, TeamsActivity(serviceUrl: attackerUrl));

        AssertFailed(result, BotAuthenticationFailure.UntrustedIssuer);
        Assert.Null(result.VouchedServiceUrl);
        Assert.False(_trusted.IsTrusted(new Uri(attackerUrl)));
        Assert.Equal(0, _authority.Server.CountRequests(TestOpenIdAuthority.EntraMetadataPath));
    }

    [Fact]
    public async Task Entra_token_without_service_url_claim_is_refused()
    {
        var token = TestOpenIdAuthority.CreateToken(EntraKey, $"https://login.microsoftonline.com/{TestOpenIdAuthority.TenantId}/v2.0", AppId, serviceUrl: null);

        var result = await CreateAuthenticator().AuthenticateAsync("Bearer " + token, TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.UntrustedIssuer);
        Assert.False(_trusted.IsTrusted(new Uri(ServiceUrl)));
    }

    [Fact]
    public async Task Entra_token_of_another_tenant_is_refused()
    {
        var token = TestOpenIdAuthority.CreateToken(EntraKey, $"https://sts.windows.net/{TestOpenIdAuthority.OtherTenantId}/", AppId, ServiceUrl);

        var result = await CreateAuthenticator().AuthenticateAsync("Bearer " + token, TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.UntrustedIssuer);
        Assert.Contains(TestOpenIdAuthority.OtherTenantId, result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bot_framework_signed_token_with_an_entra_issuer_is_refused()
    {
        var token = TestOpenIdAuthority.CreateToken(BotKey, $"https://sts.windows.net/{TestOpenIdAuthority.TenantId}/", AppId, ServiceUrl);

        var result = await CreateAuthenticator().AuthenticateAsync("Bearer " + token, TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.UntrustedIssuer);
    }

    [Fact]
    public async Task Bot_framework_token_vouches_for_the_service_url_it_names()
    {
        var result = await CreateAuthenticator().AuthenticateAsync(BotToken(), TeamsActivity());

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(new Uri(ServiceUrl), result.VouchedServiceUrl);
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("emulator")]
    [InlineData("")]
    public async Task Activities_of_another_channel_are_refused_in_every_mode(string channel)
    {
        _authority.PublishBotFrameworkKeys((BotKey, ["msteams", "webchat", "emulator"]));

        var production = await CreateAuthenticator().AuthenticateAsync(BotToken(), TeamsActivity(channelId: channel));
        var development = await CreateAuthenticator(o => o.AppId = null).AuthenticateAsync(null, TeamsActivity(serviceUrl: "http://127.0.0.1:56150/_connector", channelId: channel));

        AssertFailed(production, BotAuthenticationFailure.UnsupportedChannel);
        AssertFailed(development, BotAuthenticationFailure.UnsupportedChannel);
        Assert.False(_trusted.IsTrusted(new Uri(ServiceUrl)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Missing_authorization_header_is_refused(string? header)
    {
        var result = await CreateAuthenticator().AuthenticateAsync(header, TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.MissingAuthorizationHeader);
        Assert.Empty(_authority.Server.Requests);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Token abc")]
    [InlineData("Bearer")]
    public async Task Non_bearer_scheme_is_refused(string header)
    {
        var result = await CreateAuthenticator().AuthenticateAsync(header, TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.UnsupportedScheme);
    }

    [Fact]
    public async Task Garbage_bearer_token_is_refused_as_malformed()
    {
        var result = await CreateAuthenticator().AuthenticateAsync("Bearer not-a-jwt", TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.MalformedToken);
    }

    [Fact]
    public async Task Unreachable_metadata_is_reported_as_such()
    {
        var authenticator = CreateAuthenticator(o => o.OpenIdMetadataUrl = new Uri(_authority.Server.BaseAddress, "nothing-here").AbsoluteUri);

        var result = await authenticator.AuthenticateAsync(BotToken(), TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.MetadataUnavailable);
    }

    [Fact]
    public async Task Metadata_over_http_is_refused_unless_explicitly_allowed()
    {
        var authenticator = CreateAuthenticator(o => o.RequireHttpsMetadata = true);

        var result = await authenticator.AuthenticateAsync(BotToken(), TeamsActivity());

        AssertFailed(result, BotAuthenticationFailure.MetadataUnavailable);
        Assert.Equal(0, _authority.BotFrameworkMetadataRequests);
    }

    [Fact]
    public void Https_metadata_is_required_by_default() => Assert.True(new BotOptions().RequireHttpsMetadata);

    [Theory]
    [InlineData("http://127.0.0.1:3978/", true)]
    [InlineData("http://localhost:56000", true)]
    [InlineData("https://smba.trafficmanager.net/emea/", false)]
    [InlineData("https://evil.invalid/", false)]
    public async Task Development_mode_accepts_only_loopback_service_urls(string serviceUrl, bool accepted)
    {
        var authenticator = CreateAuthenticator(o => o.AppId = null);

        var result = await authenticator.AuthenticateAsync(null, TeamsActivity(serviceUrl: serviceUrl));

        Assert.Equal(accepted, result.Succeeded);
        Assert.Empty(_authority.Server.Requests);
    }
}
