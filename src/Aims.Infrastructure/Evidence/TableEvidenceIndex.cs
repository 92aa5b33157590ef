using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Aims.Core.Evidence;
using Aims.Infrastructure.Storage;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Evidence;

/// <summary>
/// Lookup rows for listing evidence, newest first. Each item gets one row in each of the partitions <c>all</c>,
/// <c>kind:&lt;kind&gt;</c>, <c>subject:&lt;subject&gt;</c>, <c>clause:&lt;id&gt;</c> and <c>control:&lt;id&gt;</c>; the RowKey
/// is the inverted recorded-at ticks (19 digits) then the item hash, so a time range is a RowKey range and paging is the
/// Table service's own continuation. Rows also carry <c>Kind</c>, <c>Subject</c> and one boolean column per clause and
/// control (<c>Clause_6_1_3</c>), so combined filters run in the service and never load everything.
/// The index only points at items; listed items are read from their content-addressed blobs, so an edited index can
/// hide evidence from a listing (verification still finds it in the ledger) but cannot change what is shown.
/// </summary>
internal sealed class TableEvidenceIndex(TableClient table)
{
    private const string AllPartition = "all";

    /// <summary>Rows per transaction in a shared partition (the service's limit is 100).</summary>
    internal const int MaxBatch = 100;

    // The partitions many items share (all, kind, clause, control: a bounded set) are written by group commit, so concurrent
    // decisions write each of them in one transaction; a subject's partition is usually one item's alone and is written directly.
    private readonly ConcurrentDictionary<string, GroupCommit<TableEntity, bool>> _shared = new(StringComparer.Ordinal);

    public async Task AddAsync(EvidenceItem item, CancellationToken cancellationToken)
    {
        var (subject, shared) = Rows(item);
        // Upserts: recording the same item again (a retry after a crash) repairs missing rows and changes nothing else.
        Task subjectRow = table.UpsertEntityAsync(subject, TableUpdateMode.Replace, cancellationToken);
        await Task.WhenAll(shared
            .Select(row => (Task)_shared.GetOrAdd(row.PartitionKey, _ => new GroupCommit<TableEntity, bool>(UpsertAllAsync, MaxBatch)).SubmitAsync(row, cancellationToken))
            .Append(subjectRow));
    }

    /// <summary>The rows of an item: the one in its subject's partition, and those in the partitions many items share.</summary>
    internal static (TableEntity Subject, IReadOnlyList<TableEntity> Shared) Rows(EvidenceItem item)
    {
        var rowKey = RowKey(item.RecordedAt, EvidenceEnvelope.GetHash(item.Id));
        var shared = new List<string> { AllPartition, KindPartition(item.Kind) };
        shared.AddRange(item.Clauses.Select(ClausePartition));
        shared.AddRange(item.Controls.Select(ControlPartition));
        return (ToEntity(SubjectPartition(item.Subject), rowKey, item), [.. shared.Select(p => ToEntity(p, rowKey, item))]);
    }

    /// <summary>One transaction of upserts in one partition; the same row twice (an item recorded twice at once) is written once.</summary>
    private async Task<IReadOnlyList<bool>> UpsertAllAsync(IReadOnlyList<TableEntity> rows)
    {
        var actions = rows.DistinctBy(r => r.RowKey, StringComparer.Ordinal).Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)).ToList();
        await table.SubmitTransactionAsync(actions, CancellationToken.None);
        return [.. rows.Select(_ => true)];
    }

    /// <summary>One page of item ids matching the query, newest first.</summary>
    public async Task<(IReadOnlyList<string> ItemIds, string? ContinuationToken)> QueryAsync(EvidenceQuery query, CancellationToken cancellationToken)
    {
        var filter = BuildFilter(query);
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: query.PageSize, select: ["ItemId"], cancellationToken: cancellationToken)
                           .AsPages(query.ContinuationToken, query.PageSize))
        {
            return ([.. page.Values.Select(e => e.GetString("ItemId"))], page.ContinuationToken);
        }

        return ([], null);
    }

    internal static string BuildFilter(EvidenceQuery query)
    {
        // The most selective dimension picks the partition; the others become column filters.
        var partition = query.Subject is not null ? SubjectPartition(query.Subject)
            : query.Control is not null ? ControlPartition(query.Control)
            : query.Clause is not null ? ClausePartition(query.Clause)
            : query.Kind is { } k ? KindPartition(k)
            : AllPartition;
        var filter = new StringBuilder(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"));
        if (query.To is { } to)
        {
            // Newer than To sorts first; a row recorded exactly at To (exclusive) has the key prefix Inverted(To).
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"RowKey ge {Ticks(Inverted(to) + 1)}"));
        }

        if (query.From is { } from)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"RowKey lt {Ticks(Inverted(from) + 1)}"));
        }

        if (query.Kind is { } kind && (query.Subject is not null || query.Control is not null || query.Clause is not null))
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"Kind eq {kind.Value}"));
        }

        if (query.Clause is not null && (query.Subject is not null || query.Control is not null))
        {
            filter.Append(" and ").Append(Flag("Clause", query.Clause)).Append(" eq true");
        }

        if (query.Control is not null && query.Subject is not null)
        {
            filter.Append(" and ").Append(Flag("Control", query.Control)).Append(" eq true");
        }

        return filter.ToString();
    }

    private static TableEntity ToEntity(string partition, string rowKey, EvidenceItem item)
    {
        var entity = new TableEntity(partition, rowKey)
        {
            ["ItemId"] = item.Id,
            ["Kind"] = item.Kind.Value,
            ["Subject"] = item.Subject,
            ["RecordedAt"] = EvidenceEnvelope.FormatTime(item.RecordedAt),
        };
        foreach (var clause in item.Clauses)
        {
            entity[Flag("Clause", clause)] = true;
        }

        foreach (var control in item.Controls)
        {
            entity[Flag("Control", control)] = true;
        }

        return entity;
    }

    private static string RowKey(DateTimeOffset recordedAt, string hash) => Ticks(Inverted(recordedAt)) + "-" + hash;

    private static long Inverted(DateTimeOffset at) => DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks;

    private static string Ticks(long ticks) => ticks.ToString("D19", CultureInfo.InvariantCulture);

    private static string KindPartition(EvidenceKind kind) => "kind:" + kind.Value;

    private static string SubjectPartition(string subject) => "subject:" + TableKey.Escape(subject);

    private static string ClausePartition(string clause) => "clause:" + clause;

    private static string ControlPartition(string control) => "control:" + control;

    // Reference ids are letters, digits and dots (validated), so replacing the dots gives a unique, legal column name.
    private static string Flag(string prefix, string reference) => prefix + "_" + reference.Replace('.', '_');
}
