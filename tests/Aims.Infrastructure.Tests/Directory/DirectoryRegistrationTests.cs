using Aims.Core.Directory;
using Aims.Infrastructure.Directory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Infrastructure.Tests.Directory;

public sealed class DirectoryRegistrationTests
{
    [Fact]
    public void Graph_is_served_through_the_cache_over_the_Graph_client()
    {
        using var services = Build(new()
        {
            ["Directory:Provider"] = "Graph",
            ["Directory:TenantId"] = "00000000-0000-0000-0000-000000000001",
            ["Directory:ClientId"] = "00000000-0000-0000-0000-000000000002",
            ["Directory:ClientSecret"] = "not-a-real-secret",
            ["Directory:Cache:UserTimeToLive"] = "00:30:00",
            ["Directory:Cache:RolesTimeToLive"] = "00:02:00",
        });

        var directory = Assert.IsType<CachedDirectoryClient>(services.GetRequiredService<IDirectoryClient>());
        Assert.IsType<GraphDirectoryClient>(directory.Inner);
        Assert.Equal("Graph", directory.ProviderName);
        Assert.Equal(TimeSpan.FromMinutes(30), services.GetRequiredService<DirectoryCacheOptions>().UserTimeToLive);
        Assert.Equal(TimeSpan.FromMinutes(2), services.GetRequiredService<DirectoryCacheOptions>().RolesTimeToLive);
        Assert.Same(services.GetRequiredService<Microsoft.Graph.GraphServiceClient>(), services.GetRequiredService<Microsoft.Graph.GraphServiceClient>());
    }

    [Fact]
    public void The_local_directory_sits_behind_the_same_cache()
    {
        using var services = Build(new()
        {
            ["Directory:Provider"] = "LocalFile",
            ["Directory:LocalFile"] = Path.Combine(Aims.Testing.TestEnvironment.RepoRoot, "src", "Aims.DevHost", "demo-directory.json"),
        });

        var directory = Assert.IsType<CachedDirectoryClient>(services.GetRequiredService<IDirectoryClient>());
        Assert.Same(services.GetRequiredService<LocalDirectoryClient>(), directory.Inner);
    }

    [Theory]
    [InlineData("Directory:Graph:MaxRetries", "11")]
    [InlineData("Directory:Graph:RetryDelaySeconds", "-1")]
    [InlineData("Directory:Cache:UserTimeToLive", "-00:01:00")]
    public void Nonsensical_settings_stop_the_host(string key, string value)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Directory:Provider"] = "Graph",
            [key] = value,
        };

        Assert.Throws<InvalidOperationException>(() => Build(settings));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddAimsDirectory(configuration);
        return services.BuildServiceProvider();
    }
}
