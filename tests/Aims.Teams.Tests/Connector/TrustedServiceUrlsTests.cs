using Aims.Teams.Connector;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aims.Teams.Tests.Connector;

public sealed class TrustedServiceUrlsTests
{
    private static TrustedServiceUrls Create(string? appId = "app", params string[] configured)
    {
        var options = new BotOptions { AppId = appId };
        foreach (var url in configured)
        {
            options.TrustedServiceUrls.Add(url);
        }

        return new TrustedServiceUrls(Options.Create(options), NullLogger<TrustedServiceUrls>.Instance);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/", true)]
    [InlineData("https://smba.trafficmanager.net/emea", true)]
    [InlineData("https://SMBA.trafficmanager.net/emea/v3/conversations", true)]
    [InlineData("https://smba.trafficmanager.net:443/emea/", true)]
    [InlineData("https://smba.trafficmanager.net/emeaevil/", false)]
    [InlineData("https://smba.trafficmanager.net/amer/", false)]
    [InlineData("http://smba.trafficmanager.net/emea/", false)]
    [InlineData("https://smba.trafficmanager.net:8443/emea/", false)]
    [InlineData("https://smba.trafficmanager.net.evil.example/emea/", false)]
    public void Configured_prefix_covers_scheme_host_port_and_path(string candidate, bool trusted) =>
        Assert.Equal(trusted, Create("app", "https://smba.trafficmanager.net/emea").IsTrusted(new Uri(candidate)));

    [Fact]
    public void Trusted_after_an_inbound_activity_only_when_https()
    {
        var urls = Create();
        var https = new Uri("https://smba.trafficmanager.net/apac/");
        var plain = new Uri("http://smba.trafficmanager.net/apac/");

        Assert.False(urls.IsTrusted(https));
        urls.Trust(https);
        urls.Trust(plain);

        Assert.True(urls.IsTrusted(https));
        Assert.False(urls.IsTrusted(plain));
    }

    [Fact]
    public void Learned_urls_are_bounded()
    {
        var urls = Create();
        for (var i = 0; i < TrustedServiceUrls.MaxLearnedEntries + 10; i++)
        {
            urls.Trust(new Uri($"https://host{i}.example/"));
        }

        Assert.True(urls.IsTrusted(new Uri("https://host0.example/")));
        Assert.False(urls.IsTrusted(new Uri($"https://host{TrustedServiceUrls.MaxLearnedEntries + 5}.example/")));
    }

    [Fact]
    public void Loopback_is_trusted_only_in_development_mode()
    {
        var loopback = new Uri("http://127.0.0.1:56150/");

        Assert.True(Create(appId: null).IsTrusted(loopback));
        Assert.False(Create(appId: "app").IsTrusted(loopback));
    }

    [Fact]
    public void A_configured_entry_that_is_not_a_url_fails_fast() =>
        Assert.Throws<InvalidOperationException>(() => Create("app", "smba.trafficmanager.net/emea"));
}
