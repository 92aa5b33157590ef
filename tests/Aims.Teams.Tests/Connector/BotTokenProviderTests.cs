using Aims.Teams.Connector;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aims.Teams.Tests.Connector;

public sealed class BotTokenProviderTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class ExpiringCredential(TimeProvider clock, TimeSpan lifetime) : TokenCredential
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            await Task.Yield();
            return new AccessToken($"token-{call}", clock.GetUtcNow() + lifetime);
        }
    }

    [Fact]
    public async Task Token_is_reused_until_five_minutes_before_expiry_then_refreshed()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var credential = new ExpiringCredential(clock, TimeSpan.FromHours(1));
        using var provider = new BotTokenProvider(Options.Create(new BotOptions { AppId = "app" }), NullLogger<BotTokenProvider>.Instance, credential, clock);

        Assert.Equal("token-1", await provider.GetTokenAsync());
        clock.Now += TimeSpan.FromMinutes(54);
        Assert.Equal("token-1", await provider.GetTokenAsync());
        clock.Now += TimeSpan.FromMinutes(2);
        Assert.Equal("token-2", await provider.GetTokenAsync());
        Assert.Equal(2, credential.Calls);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_refresh()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var credential = new ExpiringCredential(clock, TimeSpan.FromHours(1));
        using var provider = new BotTokenProvider(Options.Create(new BotOptions { AppId = "app" }), NullLogger<BotTokenProvider>.Instance, credential, clock);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => provider.GetTokenAsync().AsTask()));

        Assert.All(tokens, t => Assert.Equal("token-1", t));
        Assert.Equal(1, credential.Calls);
    }

    [Fact]
    public async Task Development_mode_has_no_token()
    {
        var credential = new ExpiringCredential(TimeProvider.System, TimeSpan.FromHours(1));
        using var provider = new BotTokenProvider(Options.Create(new BotOptions()), NullLogger<BotTokenProvider>.Instance, credential);

        Assert.Null(await provider.GetTokenAsync());
        Assert.Equal(0, credential.Calls);
    }

    [Fact]
    public void Credential_follows_the_configured_secret_certificate_or_managed_identity()
    {
        Assert.IsType<ClientAssertionCredential>(BotTokenProvider.CreateCredential(new BotOptions { AppId = "app", TenantId = "t", FederatedCredentialClientId = "mi", ClientSecret = "s" }));
        Assert.IsType<ClientSecretCredential>(BotTokenProvider.CreateCredential(new BotOptions { AppId = "app", TenantId = "t", ClientSecret = "s", CertificatePath = "c.pfx" }));
        Assert.IsType<ClientCertificateCredential>(BotTokenProvider.CreateCredential(new BotOptions { AppId = "app", TenantId = "t", CertificatePath = "c.pfx" }));
        Assert.IsType<ManagedIdentityCredential>(BotTokenProvider.CreateCredential(new BotOptions { AppId = "app", ManagedIdentityClientId = "mi" }));
        Assert.IsType<ManagedIdentityCredential>(BotTokenProvider.CreateCredential(new BotOptions { AppId = "app" }));
    }
}
