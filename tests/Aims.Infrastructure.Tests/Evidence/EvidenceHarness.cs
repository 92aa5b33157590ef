using System.Text;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Infrastructure.Evidence;
using Aims.Infrastructure.Storage;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aims.Infrastructure.Tests.Evidence;

/// <summary>A store on its own container and tables, so tests never see each other's evidence.</summary>
internal sealed class EvidenceHarness
{
    private EvidenceHarness(StorageClients clients, EvidenceOptions options)
    {
        Clients = clients;
        Options = options;
        Store = new BlobEvidenceStore(clients, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLogger<BlobEvidenceStore>.Instance);
    }

    public static readonly Actor Ada = new("oid-ada", "Ada Lovelace");
    public static readonly DateTimeOffset T0 = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);

    public StorageClients Clients { get; }
    public EvidenceOptions Options { get; }
    public BlobEvidenceStore Store { get; }
    public BlobContainerClient Container => Clients.Blobs.GetBlobContainerClient(Options.Container);
    public TableClient Ledger => Clients.Tables.GetTableClient(Options.LedgerTable);

    public static async Task<EvidenceHarness> CreateAsync(string connectionString)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var options = new EvidenceOptions { Container = "evidence-" + suffix, LedgerTable = "ledger" + suffix, IndexTable = "index" + suffix };
        var clients = new StorageClients(new StorageOptions { ConnectionString = connectionString });
        await clients.Blobs.GetBlobContainerClient(options.Container).CreateIfNotExistsAsync();
        await clients.Tables.CreateTableIfNotExistsAsync(options.LedgerTable);
        await clients.Tables.CreateTableIfNotExistsAsync(options.IndexTable);
        return new EvidenceHarness(clients, options);
    }

    public static NewEvidence Sample(
        string subject = "risk:R-12",
        EvidenceKind? kind = null,
        string[]? clauses = null,
        string[]? controls = null,
        DateTimeOffset? at = null,
        string payload = "{\"decision\":\"accept\"}") =>
        new(kind ?? EvidenceKind.RiskDecision, subject, Ada, clauses ?? ["6.1.3"], controls ?? ["A.6.2.6"], "corr-1", $"Decision on {subject}",
            Encoding.UTF8.GetBytes(payload), NewEvidence.JsonContentType, at ?? T0);

    public async Task<List<LedgerEntry>> ReadLedgerAsync()
    {
        var entries = new List<LedgerEntry>();
        await foreach (var entry in Store.ReadLedgerAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }

    public async Task<List<string>> BlobNamesAsync()
    {
        var names = new List<string>();
        await foreach (var blob in Container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>Every item of a query, following continuation tokens; also returns how many pages it took.</summary>
    public async Task<(List<EvidenceItem> Items, int Pages)> ListAllAsync(EvidenceQuery query)
    {
        var items = new List<EvidenceItem>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await Store.ListAsync(query with { ContinuationToken = token });
            Assert.True(page.Items.Count <= query.PageSize);
            items.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        return (items, pages);
    }
}
