using Aims.Application.Apis;
using Aims.Infrastructure;
using Aims.Infrastructure.Directory;
using Aims.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aims.Application.Tests;

/// <summary>The app's storage adapters against Azurite, with the evidence store on its own container and tables (tests in a class run one at a time).</summary>
internal static class StorageHarness
{
    public static async Task<ServiceProvider> CreateAsync(string connectionString)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AimsStorage"] = connectionString,
            ["Evidence:Container"] = "evidence-" + suffix,
            ["Evidence:LedgerTable"] = "ledger" + suffix,
            ["Evidence:IndexTable"] = "index" + suffix,
        }).Build();
        var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton(new HostIdentity("Tests"))
            .AddAimsInfrastructure(configuration)
            .BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        // One last-snapshot row per storage account: a test class shares its Azurite, so each test starts without one.
        await provider.GetRequiredService<StorageClients>().Tables.GetTableClient(TableRoleSnapshotLog.TableName).DeleteEntityAsync("roles", "last");
        return provider;
    }
}
