using Aims.Core.Evidence;
using Aims.Infrastructure.Evidence;
using Aims.Infrastructure.Storage;
using Aims.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Aims.Infrastructure.Tests.Evidence;

public sealed class EvidenceRegistrationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_infrastructure_registers_the_store_and_provisions_its_container_and_tables()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageOptions.ConnectionName] = azurite.ConnectionString,
            ["Evidence:Container"] = "evidence-" + suffix,
            ["Evidence:LedgerTable"] = "ledger" + suffix,
            ["Evidence:IndexTable"] = "index" + suffix,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddAimsInfrastructure(configuration);
        await using var provider = services.BuildServiceProvider();

        var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var store = provider.GetRequiredService<IEvidenceStore>();
        var item = await store.RecordAsync(EvidenceHarness.Sample());

        Assert.IsType<BlobEvidenceStore>(store);
        Assert.Contains("evidence-" + suffix, storage.Containers);
        Assert.Contains("ledger" + suffix, storage.Tables);
        Assert.Contains("index" + suffix, storage.Tables);
        Assert.Equal(1, (await store.GetRootHashAsync()).Sequence);
        Assert.Equal(item.Id, (await store.GetAsync(item.Id))?.Id);
    }

    [Fact]
    public void Defaults_match_the_deployed_container()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();

        services.AddEvidence(configuration);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<EvidenceOptions>>().Value;

        Assert.Equal(("evidence", "evidenceledger", "evidenceindex"), (options.Container, options.LedgerTable, options.IndexTable));
    }

    [Theory]
    [InlineData("Evidence:Container", "Evidence_Store")]
    [InlineData("Evidence:LedgerTable", "ledger-1")]
    [InlineData("Evidence:IndexTable", "ix")]
    public void Invalid_names_stop_the_host_at_registration(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddEvidence(configuration));
    }
}
