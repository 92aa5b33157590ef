using Aims.Core.Evidence;
using Aims.Infrastructure.Evidence;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Aims.Benchmarks;

/// <summary>
/// Writes evidence as <see cref="BlobEvidenceStore.RecordAsync"/> does, many items per request where the store allows it: the
/// same envelopes and payload blobs, the same ledger rows (entries chained by <see cref="LedgerChain"/>, item rows, the head) in
/// transactions of <see cref="TableLedger.MaxBatch"/> items, one head checkpoint per transaction, and the same index rows, those of
/// the shared partitions in transactions of 100. Every row and blob name comes from the adapters' own code, so the store holds
/// what recording the items one by one would leave (the hash chain is real; the pack's verifier checks it). Recording 100,000
/// items one at a time costs Azurite's one thread about six requests and a share of two transactions each; this costs it about three.
/// Order per block of items: blobs, then the ledger, then checkpoints and index, as in the store. One writer only: the head is
/// replaced without its ETag.
/// </summary>
internal sealed class BulkSeeder(StorageClients clients, EvidenceOptions options, int parallelism, Func<TimeSpan> azuriteCpu)
{
    /// <summary>Azurite's processor time per kind of write so far.</summary>
    public TimeSpan BlobsCpu { get; private set; }

    public TimeSpan LedgerCpu { get; private set; }

    public TimeSpan IndexCpu { get; private set; }

    /// <summary>Items per block: blobs of a block go side by side, then its ledger transactions one after the other.</summary>
    private const int Block = TableLedger.MaxBatch * 20;

    private readonly BlobContainerClient _container = clients.Blobs.GetBlobContainerClient(options.Container);
    private readonly TableClient _ledger = clients.Tables.GetTableClient(options.LedgerTable);
    private readonly TableClient _index = clients.Tables.GetTableClient(options.IndexTable);

    public async Task SeedAsync(IReadOnlyList<NewEvidence> evidence, Action<int> progress, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(cancellationToken);
        var shared = new Dictionary<string, List<TableEntity>>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        var done = 0;
        foreach (var block in evidence.Chunk(Block))
        {
            var now = DateTimeOffset.UtcNow;
            var cpu = azuriteCpu();
            var made = block.Select(e => (Evidence: e, Created: EvidenceEnvelope.Create(e, now))).ToList();
            await Parallel.ForEachAsync(made, parallel, async (m, ct) => await Task.WhenAll(
                UploadAsync(BlobEvidenceStore.PayloadBlobName(m.Created.Item.PayloadSha256), BinaryData.FromBytes(m.Evidence.Payload), m.Evidence.ContentType, ct),
                UploadAsync(BlobEvidenceStore.EnvelopeBlobName(EvidenceEnvelope.GetHash(m.Created.Item.Id)), BinaryData.FromBytes(m.Created.Envelope), BlobEvidenceStore.EnvelopeContentType, ct)));

            BlobsCpu += azuriteCpu() - cpu;
            cpu = azuriteCpu();
            var heads = new List<LedgerHead>();
            foreach (var transaction in made.Select(m => m.Created.Item).Chunk(TableLedger.MaxBatch))
            {
                var actions = new List<TableTransactionAction>();
                foreach (var item in transaction)
                {
                    var entry = LedgerChain.Next(head, item);
                    actions.AddRange(TableLedger.EntryRows(entry, item).Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
                    head = new LedgerHead(entry.Sequence, entry.EntryHash);
                }

                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, TableLedger.HeadEntity(head)));
                await _ledger.SubmitTransactionAsync(actions, cancellationToken);
                heads.Add(head);
            }

            LedgerCpu += azuriteCpu() - cpu;
            cpu = azuriteCpu();
            var writes = new List<Func<CancellationToken, Task>>();
            writes.AddRange(heads.Select(h => (Func<CancellationToken, Task>)(ct =>
                UploadAsync(BlobEvidenceStore.HeadCheckpointName(h.Sequence), BlobEvidenceStore.HeadCheckpointContent(h), BlobEvidenceStore.EnvelopeContentType, ct))));
            foreach (var item in made.Select(m => m.Created.Item))
            {
                var (subject, rows) = TableEvidenceIndex.Rows(item);
                writes.Add(ct => _index.UpsertEntityAsync(subject, TableUpdateMode.Replace, ct));
                foreach (var row in rows)
                {
                    if (!shared.TryGetValue(row.PartitionKey, out var waiting))
                    {
                        shared[row.PartitionKey] = waiting = [];
                    }

                    waiting.Add(row);
                    if (waiting.Count == TableEvidenceIndex.MaxBatch)
                    {
                        writes.Add(IndexTransaction(waiting));
                        shared[row.PartitionKey] = [];
                    }
                }
            }

            if (done + block.Length == evidence.Count)
            {
                writes.AddRange(shared.Values.Where(w => w.Count > 0).Select(IndexTransaction));
                shared.Clear();
            }

            await Parallel.ForEachAsync(writes, parallel, async (write, ct) => await write(ct));
            IndexCpu += azuriteCpu() - cpu;
            done += block.Length;
            progress(done);
        }
    }

    private Func<CancellationToken, Task> IndexTransaction(List<TableEntity> rows) =>
        ct => _index.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct);

    private async Task<LedgerHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var row = await _ledger.GetEntityIfExistsAsync<TableEntity>(TableLedger.Partition, TableLedger.HeadRow, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } head
            ? new LedgerHead(head.GetInt64("Sequence") ?? 0, head.GetString("RootHash") ?? string.Empty)
            : LedgerChain.EmptyHead;
    }

    /// <summary>Write-once, as the store writes blobs; one already there (a retried request that had succeeded) is left as it is.</summary>
    private async Task UploadAsync(string name, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            await _container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
        }
    }
}
