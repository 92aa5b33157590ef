using System.Runtime.CompilerServices;
using Aims.Core.Evidence;
using Aims.Infrastructure.Storage;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Evidence.Mirror;

/// <summary>
/// Mirror status per item in table <c>evidencemirror</c>: partition <c>item</c>, row key the 64 hex digits of the item id.
/// Last writer wins: attempts of one item are serialised by the queue (one message per recording, the handler skips
/// items already mirrored), and a "Mirrored" row is never replaced by a failure.
/// </summary>
public sealed class TableEvidenceMirrorStatus(StorageClients clients, TimeProvider time, string tableName = TableEvidenceMirrorStatus.DefaultTableName) : IEvidenceMirrorStatus
{
    public const string DefaultTableName = "evidencemirror";
    private const string Partition = "item";
    private const int MaxErrorLength = 1000;
    private readonly TableClient _table = clients.Tables.GetTableClient(tableName);

    public async Task<MirrorStatus?> GetAsync(string itemId, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, EvidenceEnvelope.GetHash(itemId), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is not null ? ToStatus(row.Value) : null;
    }

    public async Task MarkMirroredAsync(string itemId, MirroredFile file, int attempts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var entity = Row(itemId, MirrorState.Mirrored, attempts);
        entity["Path"] = file.Path;
        entity["DriveItemId"] = file.DriveItemId;
        entity["WebUrl"] = file.WebUrl;
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task MarkFailedAsync(string itemId, string error, int attempts, bool final, CancellationToken cancellationToken = default)
    {
        var current = await GetAsync(itemId, cancellationToken);
        if (current?.State == MirrorState.Mirrored)
        {
            return;
        }

        var entity = Row(itemId, final ? MirrorState.FailedFinal : MirrorState.Failed, Math.Max(attempts, current?.Attempts ?? 0));
        entity["LastError"] = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<MirrorStatus> ListNotMirroredAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var rows = new List<MirrorStatus>();
        await foreach (var row in _table.QueryAsync<TableEntity>(NotMirroredFilter, cancellationToken: cancellationToken))
        {
            rows.Add(ToStatus(row));
        }

        // Bounded by what failed for good, which an operator clears by re-running the poison queue.
        foreach (var status in rows.OrderBy(r => r.UpdatedAt))
        {
            yield return status;
        }
    }

    public async Task<int> CountNotMirroredAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(NotMirroredFilter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }

    private static string NotMirroredFilter => TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and State eq {nameof(MirrorState.FailedFinal)}");

    private TableEntity Row(string itemId, MirrorState state, int attempts) => new(Partition, EvidenceEnvelope.GetHash(itemId))
    {
        ["ItemId"] = itemId,
        ["State"] = state.ToString(),
        ["Attempts"] = attempts,
        ["UpdatedAt"] = time.GetUtcNow(),
    };

    private static MirrorStatus ToStatus(TableEntity e) => new(
        e.GetString("ItemId") ?? EvidenceEnvelope.IdPrefix + e.RowKey,
        Enum.TryParse<MirrorState>(e.GetString("State"), out var state) ? state : MirrorState.Failed,
        e.GetInt32("Attempts") ?? 0,
        e.GetString("Path"),
        e.GetString("DriveItemId"),
        e.GetString("WebUrl"),
        e.GetString("LastError"),
        e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);
}
