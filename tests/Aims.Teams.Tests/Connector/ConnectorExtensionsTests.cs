using Aims.Teams.Connector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aims.Teams.Tests.Connector;

public sealed class ConnectorExtensionsTests
{
    [Fact]
    public void Bot_section_binds_including_the_get_only_lists_and_the_services_resolve()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "app",
            ["Bot:TenantId"] = "tenant",
            ["Bot:AllowedTenants:0"] = "tenant",
            ["Bot:AllowedTenants:1"] = "partner",
            ["Bot:TrustedServiceUrls:0"] = "https://smba.trafficmanager.net/emea/",
            ["Bot:MetadataRefreshInterval"] = "00:10:00",
            ["Bot:AppRequestsPerSecond"] = "20",
            ["Bot:Connector:MaxRetryAttempts"] = "2",
        }).Build();

        using var services = new ServiceCollection().AddLogging().AddBotConnector(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<BotOptions>>().Value;
        Assert.Equal(["tenant", "partner"], options.AllowedTenants);
        Assert.Equal(["https://smba.trafficmanager.net/emea/"], options.TrustedServiceUrls);
        Assert.Equal(TimeSpan.FromMinutes(10), options.MetadataRefreshInterval);
        Assert.Equal(20, options.AppRequestsPerSecond);
        Assert.True(options.RequireHttpsMetadata);
        Assert.Equal(2, services.GetRequiredService<IOptions<ConnectorResilienceOptions>>().Value.MaxRetryAttempts);
        Assert.IsType<BotRequestAuthenticator>(services.GetRequiredService<IBotRequestAuthenticator>());
        Assert.IsType<ConnectorClient>(services.GetRequiredService<IConnectorClient>());
        Assert.Same(services.GetRequiredService<ITrustedServiceUrls>(), services.GetRequiredService<ITrustedServiceUrls>());
        Assert.True(services.GetRequiredService<ITrustedServiceUrls>().IsTrusted(new Uri("https://smba.trafficmanager.net/emea/v3/conversations")));
    }
}
