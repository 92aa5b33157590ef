using Aims.Application.Apis;
using Aims.Infrastructure;
using Aims.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aims.Application.Tests;

/// <summary>
/// The app's storage adapters against Azurite, on tables and queues of its own (<see cref="StorageOptions.Prefix"/>) and an evidence
/// container of its own: harnesses of classes running in parallel on one Azurite share no rows, so none deletes another's.
/// </summary>
internal static class StorageHarness
{
    public static async Task<ServiceProvider> CreateAsync(string connectionString)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AimsStorage"] = connectionString,
            [StorageOptions.PrefixName] = "t" + suffix,
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

        return provider;
    }
}
