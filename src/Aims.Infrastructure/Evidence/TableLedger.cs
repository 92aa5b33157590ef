using System.Globalization;
using System.Runtime.CompilerServices;
using Aims.Core.Evidence;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Aims.Infrastructure.Evidence;

/// <summary>
/// The evidence ledger in one Table Storage partition, <c>ledger</c>, with three kinds of row:
/// <list type="bullet">
/// <item><c>00000000000000000042</c>: entry 42 (item id, payload hash, previous hash, entry hash, recorded at);</item>
/// <item><c>head</c>: the last sequence and root hash, so the head is one point read;</item>
/// <item><c>item:&lt;hex&gt;</c>: the sequence of an item, which makes appending an item a second time impossible.</item>
/// </list>
/// An append is one entity group transaction: insert entry N+1, insert the item row, and replace the head If-Match its
/// ETag (insert it when the ledger is empty). The transaction is atomic, so the head never lags the entries, and it
/// fails as a whole when another writer took N+1 first (409/412): the writer re-reads the head and retries, a bounded
/// number of times with jittered backoff. Writers in any number of tasks or instances therefore never fork the chain
/// or lose an entry, and a crashed writer leaves nothing half-appended.
/// Why a table rather than an append blob: an append blob also serialises writers (AppendPosition/If-Match), but the
/// writer must first read the blob's tail to learn the previous hash, an append blob holds at most 50,000 blocks (so
/// it needs roll-over), and there is no cheap point read of the head or of "is this item already in the ledger";
/// the table gives all three, in the same partition, inside one transaction. Rows can be edited by whoever holds
/// Table Data Contributor; the chain makes any edit detectable, and the root hash is meant to be anchored outside
/// (management review digests, the audit pack) so that even a rewritten tail is caught.
/// </summary>
internal sealed class TableLedger(TableClient table, ILogger logger)
{
    internal const string Partition = "ledger";
    internal const string HeadRow = "head";
    internal const string ItemRowPrefix = "item:";
    private const int MaxAttempts = 64;

    // Entry rows are 20 decimal digits, so they sort by sequence and all fall in ["0", ":"), before "head" and "item:".
    private const string EntryRowsEnd = ":";

    public static string EntryRowKey(long sequence) => sequence.ToString("D20", CultureInfo.InvariantCulture);

    public async Task<LedgerHead> GetHeadAsync(CancellationToken cancellationToken)
    {
        var head = await table.GetEntityIfExistsAsync<TableEntity>(Partition, HeadRow, cancellationToken: cancellationToken);
        return head.HasValue && head.Value is not null ? ToHead(head.Value) : LedgerChain.EmptyHead;
    }

    /// <summary>Appends the item unless it is already in the ledger; true when this call appended it.</summary>
    public async Task<bool> AppendAsync(EvidenceItem item, CancellationToken cancellationToken)
    {
        var itemRow = ItemRowPrefix + EvidenceEnvelope.GetHash(item.Id);
        for (var attempt = 1; ; attempt++)
        {
            if (await ContainsAsync(itemRow, cancellationToken))
            {
                return false;
            }

            var current = await table.GetEntityIfExistsAsync<TableEntity>(Partition, HeadRow, cancellationToken: cancellationToken);
            var headEntity = current.HasValue ? current.Value : null;
            var entry = LedgerChain.Next(headEntity is null ? LedgerChain.EmptyHead : ToHead(headEntity), item);
            var newHead = new TableEntity(Partition, HeadRow) { ["Sequence"] = entry.Sequence, ["RootHash"] = entry.EntryHash };
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Add, ToEntity(entry)),
                new(TableTransactionActionType.Add, new TableEntity(Partition, itemRow) { ["Sequence"] = entry.Sequence }),
                headEntity is null
                    ? new(TableTransactionActionType.Add, newHead)
                    : new(TableTransactionActionType.UpdateReplace, newHead, headEntity.ETag),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another writer appended first (or appended this very item); the item check above tells which.
                logger.LogDebug("Ledger append of {ItemId} lost the race for entry {Sequence} (attempt {Attempt})", item.Id, entry.Sequence, attempt);
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                throw new InvalidOperationException(
                    $"The evidence ledger stayed contended for {MaxAttempts} attempts; {item.Id} is stored but not yet in the ledger. Recording it again completes it.", ex);
            }
        }
    }

    /// <summary>Entries from <paramref name="fromSequence"/> up to <paramref name="toSequence"/> (inclusive, null = the end), in order, a page at a time.</summary>
    public async IAsyncEnumerable<LedgerEntry> ReadAsync(long fromSequence, long? toSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = toSequence is { } to
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {EntryRowKey(fromSequence)} and RowKey le {EntryRowKey(to)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {EntryRowKey(fromSequence)} and RowKey lt {EntryRowsEnd}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return ToEntry(row);
        }
    }

    public Task<bool> HasEntryAsync(long sequence, CancellationToken cancellationToken) => ContainsAsync(EntryRowKey(sequence), cancellationToken);

    private async Task<bool> ContainsAsync(string rowKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, select: ["RowKey"], cancellationToken: cancellationToken);
        return row.HasValue;
    }

    private static TimeSpan Backoff(int attempt)
    {
        // Full jitter: spreads the losers of a race so the next round has fewer contenders.
        var ceilingMs = Math.Min(200, 5 << Math.Min(attempt, 6));
        return TimeSpan.FromMilliseconds(Random.Shared.Next(1, ceilingMs + 1));
    }

    private static LedgerHead ToHead(TableEntity e) =>
        new(e.GetInt64("Sequence") ?? 0, e.GetString("RootHash") ?? string.Empty);

    private static TableEntity ToEntity(LedgerEntry entry) => new(Partition, EntryRowKey(entry.Sequence))
    {
        ["ItemId"] = entry.ItemId,
        ["PayloadSha256"] = entry.PayloadSha256,
        ["PreviousHash"] = entry.PreviousHash,
        ["EntryHash"] = entry.EntryHash,
        // Text, not Edm.DateTime: the hash covers all seven fractional digits and the text keeps them exactly.
        ["RecordedAt"] = EvidenceEnvelope.FormatTime(entry.RecordedAt),
    };

    private static LedgerEntry ToEntry(TableEntity e)
    {
        if (!long.TryParse(e.RowKey, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw new EvidenceIntegrityException($"Ledger row '{e.RowKey}' is not an entry: the ledger table was edited.");
        }

        // Rows edited by hand may lack fields or hold junk; they become entries that fail verification, not crashes.
        DateTimeOffset recordedAt;
        try
        {
            recordedAt = EvidenceEnvelope.ParseTime(e.GetString("RecordedAt") ?? string.Empty);
        }
        catch (FormatException)
        {
            recordedAt = DateTimeOffset.MinValue;
        }

        return new LedgerEntry(
            sequence,
            e.GetString("ItemId") ?? string.Empty,
            e.GetString("PayloadSha256") ?? string.Empty,
            e.GetString("PreviousHash") ?? string.Empty,
            e.GetString("EntryHash") ?? string.Empty,
            recordedAt);
    }
}
