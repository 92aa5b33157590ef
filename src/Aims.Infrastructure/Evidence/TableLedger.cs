using System.Globalization;
using System.Runtime.CompilerServices;
using Aims.Core.Evidence;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Aims.Infrastructure.Evidence;

/// <summary>What an append did: whether this call added the item, and the ledger's head right after it.</summary>
internal sealed record LedgerAppend(bool Appended, LedgerHead Head);

/// <summary>
/// The evidence ledger in one Table Storage partition, <c>ledger</c>, with three kinds of row:
/// <list type="bullet">
/// <item><c>00000000000000000042</c>: entry 42 (item id, payload hash, previous hash, entry hash, recorded at);</item>
/// <item><c>head</c>: the last sequence and root hash, so the head is one point read;</item>
/// <item><c>item:&lt;hex&gt;</c>: the sequence of an item, which makes appending an item a second time impossible.</item>
/// </list>
/// An append is one entity group transaction: insert entries N+1 to N+k (the items waiting in this process at that moment),
/// insert their item rows, and replace the head If-Match its ETag (insert it when the ledger is empty). The transaction is
/// atomic, so the head never lags the entries, and it fails as a whole when another writer took N+1 first (409/412): the
/// writer re-reads the head and retries, a bounded number of times with jittered backoff. Writers in any number of tasks or instances therefore never fork the chain
/// or lose an entry, and a crashed writer leaves nothing half-appended.
/// Why a table rather than an append blob: an append blob also serialises writers (AppendPosition/If-Match), but the
/// writer must first read the blob's tail to learn the previous hash, an append blob holds at most 50,000 blocks (so
/// it needs roll-over), and there is no cheap point read of the head or of "is this item already in the ledger";
/// the table gives all three, in the same partition, inside one transaction. Rows can be edited by whoever holds
/// Table Data Contributor; the chain makes any edit detectable, and the root hash is meant to be anchored outside
/// (management review digests, the audit pack) so that even a rewritten tail is caught.
/// </summary>
internal sealed class TableLedger
{
    private readonly TableClient _table;
    private readonly ILogger _logger;

    public TableLedger(TableClient table, ILogger logger)
    {
        _table = table;
        _logger = logger;
        _appends = new GroupCommit<EvidenceItem, LedgerAppend>(CommitAsync, MaxBatch);
    }

    internal const string Partition = "ledger";
    internal const string HeadRow = "head";
    internal const string ItemRowPrefix = "item:";
    private const int MaxAttempts = 64;

    /// <summary>Items per transaction: two rows each plus the head stay within a transaction's 100 actions.</summary>
    internal const int MaxBatch = 49;

    private readonly GroupCommit<EvidenceItem, LedgerAppend> _appends;

    // Entry rows are 20 decimal digits, so they sort by sequence and all fall in ["0", ":"), before "head" and "item:".
    private const string EntryRowsEnd = ":";

    public static string EntryRowKey(long sequence) => sequence.ToString("D20", CultureInfo.InvariantCulture);

    public async Task<LedgerHead> GetHeadAsync(CancellationToken cancellationToken)
    {
        var head = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, HeadRow, cancellationToken: cancellationToken);
        return head.HasValue && head.Value is not null ? ToHead(head.Value) : LedgerChain.EmptyHead;
    }

    /// <summary>
    /// Appends the item unless it is already in the ledger. Concurrent appends in this process are committed together
    /// (<see cref="GroupCommit{TItem, TResult}"/>): every append waiting at that moment, up to <see cref="MaxBatch"/>, in one
    /// transaction, so a burst of decisions costs a few round trips instead of a race for the head in which most writers lose and
    /// retry. The result's head is the ledger's head right after the transaction that holds the item (or, for an item appended
    /// earlier, a head read after it), which the caller checkpoints.
    /// </summary>
    public Task<LedgerAppend> AppendAsync(EvidenceItem item, CancellationToken cancellationToken) => _appends.SubmitAsync(item, cancellationToken);

    private async Task<IReadOnlyList<LedgerAppend>> CommitAsync(IReadOnlyList<EvidenceItem> items)
    {
        // The same item recorded twice at once: one of the two appends it, the other finds it there.
        var distinct = items.DistinctBy(i => i.Id, StringComparer.Ordinal).ToList();
        for (var attempt = 1; ; attempt++)
        {
            // Which items are in the ledger already (a retry of a recorded item, or another instance appended it).
            var headRead = _table.GetEntityIfExistsAsync<TableEntity>(Partition, HeadRow, cancellationToken: CancellationToken.None);
            var present = await Task.WhenAll(distinct.Select(item => ContainsAsync(ItemRow(item), CancellationToken.None)));
            var current = await headRead;
            var headEntity = current.HasValue ? current.Value : null;
            var head = headEntity is null ? LedgerChain.EmptyHead : ToHead(headEntity);
            var actions = new List<TableTransactionAction>();
            var appended = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < distinct.Count; i++)
            {
                if (present[i])
                {
                    continue;
                }

                var entry = LedgerChain.Next(head, distinct[i]);
                actions.AddRange(EntryRows(entry, distinct[i]).Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
                head = new LedgerHead(entry.Sequence, entry.EntryHash);
                appended.Add(distinct[i].Id);
            }

            if (actions.Count > 0)
            {
                var newHead = HeadEntity(head);
                actions.Add(headEntity is null
                    ? new(TableTransactionActionType.Add, newHead)
                    : new(TableTransactionActionType.UpdateReplace, newHead, headEntity.ETag));
                try
                {
                    await _table.SubmitTransactionAsync(actions, CancellationToken.None);
                    _logger.LogDebug("Ledger committed {Count} items as entries {FirstSequence}-{LastSequence}", appended.Count, head.Sequence - appended.Count + 1, head.Sequence);
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
                {
                    // Another instance appended first (or appended one of these very items); the item checks above tell which.
                    _logger.LogDebug("Ledger append of {Count} items lost the race for entry {Sequence} (attempt {Attempt})", appended.Count, head.Sequence - appended.Count + 1, attempt);
                    await Task.Delay(Backoff(attempt));
                    continue;
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
                {
                    throw new InvalidOperationException(
                        $"The evidence ledger stayed contended for {MaxAttempts} attempts; {appended.Count} items are stored but not yet in the ledger. Recording them again completes it.", ex);
                }
            }

            var first = new HashSet<string>(StringComparer.Ordinal);
            return [.. items.Select(i => new LedgerAppend(appended.Contains(i.Id) && first.Add(i.Id), head))];
        }
    }

    private static string ItemRow(EvidenceItem item) => ItemRowPrefix + EvidenceEnvelope.GetHash(item.Id);

    /// <summary>The two rows an append adds for an item: its entry and its item row (the entry's sequence).</summary>
    internal static IEnumerable<TableEntity> EntryRows(LedgerEntry entry, EvidenceItem item) =>
        [ToEntity(entry), new TableEntity(Partition, ItemRow(item)) { ["Sequence"] = entry.Sequence }];

    /// <summary>The head row as an append writes it.</summary>
    internal static TableEntity HeadEntity(LedgerHead head) => new(Partition, HeadRow) { ["Sequence"] = head.Sequence, ["RootHash"] = head.RootHash };

    /// <summary>Entries from <paramref name="fromSequence"/> up to <paramref name="toSequence"/> (inclusive, null = the end), in order, a page at a time.</summary>
    public async IAsyncEnumerable<LedgerEntry> ReadAsync(long fromSequence, long? toSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = toSequence is { } to
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {EntryRowKey(fromSequence)} and RowKey le {EntryRowKey(to)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {EntryRowKey(fromSequence)} and RowKey lt {EntryRowsEnd}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return ToEntry(row);
        }
    }

    public Task<bool> HasEntryAsync(long sequence, CancellationToken cancellationToken) => ContainsAsync(EntryRowKey(sequence), cancellationToken);

    private async Task<bool> ContainsAsync(string rowKey, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, select: ["RowKey"], cancellationToken: cancellationToken);
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
