using System.Globalization;
using System.Runtime.CompilerServices;
using Aims.Core.Evidence;
using Aims.Core.Register;
using Aims.Core.Risks;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Risks;

/// <summary>
/// The risk register in Table Storage: one row per risk (partition <c>risk</c>), the risk as JSON (<see cref="TableJson"/>),
/// with State, Owner and AiSystemId columns for filtering and the <see cref="RiskSummary"/> figures as columns of their own
/// (<see cref="RiskSummaryColumns"/>), so whole-register counts read a few columns per row. Ids come from a counter row advanced with ETag conditions.
/// </summary>
public sealed class TableRiskRegister(StorageClients clients) : IRiskRegister
{
    public const string TableName = "risks";
    private const string Partition = "risk";
    private const string CounterPartition = "counter";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<string> NextIdAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var current = await Table.GetEntityIfExistsAsync<TableEntity>(CounterPartition, "risk", cancellationToken: cancellationToken);
            try
            {
                long next;
                if (!current.HasValue)
                {
                    next = 1;
                    await Table.AddEntityAsync(new TableEntity(CounterPartition, "risk") { ["Next"] = next }, cancellationToken);
                }
                else
                {
                    next = (current.Value!.GetInt64("Next") ?? 0) + 1;
                    current.Value["Next"] = next;
                    await Table.UpdateEntityAsync(current.Value, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return "R-" + next.ToString(CultureInfo.InvariantCulture);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                await Task.Delay(Random.Shared.Next(5, 40), cancellationToken);
            }
        }

        throw new ConcurrencyConflictException("Could not allocate a risk id: too many concurrent writers. Try again.");
    }

    public async Task<VersionedRisk?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(id.Trim().ToUpperInvariant()), cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<RiskPage> ListAsync(RiskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, RiskQuery.MaxPageSize);
        await foreach (var page in Table.QueryAsync<TableEntity>(Filter(query), maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(query.ContinuationToken, pageSize))
        {
            return new RiskPage([.. page.Values.Select(FromEntity)], page.ContinuationToken);
        }

        return new RiskPage([], null);
    }

    public async IAsyncEnumerable<Risk> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(Filter(new RiskQuery()), maxPerPage: 500, cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity).Risk;
        }
    }

    /// <summary>
    /// Row key ranges read side by side by <see cref="ListSummariesAsync"/>: while the service prepares one range's next page,
    /// this process parses another's. Any id falls in exactly one range; the split points only balance ids of the form R-n.
    /// </summary>
    private static readonly string?[] SummaryRangeBounds = [null, "R-3", "R-6", null];

    /// <summary>Every risk's summary from its summary column, in no particular order (the key ranges are read concurrently).</summary>
    public async IAsyncEnumerable<RiskSummary> ListSummariesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = System.Threading.Channels.Channel.CreateBounded<RiskSummary>(new System.Threading.Channels.BoundedChannelOptions(2_000) { SingleReader = true });
        var readers = Enumerable.Range(0, SummaryRangeBounds.Length - 1)
            .Select(i => ReadSummaryRangeAsync(SummaryRangeBounds[i], SummaryRangeBounds[i + 1], channel.Writer, stop.Token))
            .ToList();
        var completion = Task.WhenAll(readers).ContinueWith(
            t => channel.Writer.TryComplete(t.Exception?.GetBaseException()),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await foreach (var summary in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return summary;
            }
        }
        finally
        {
            // The consumer stopped early or failed: stop the readers and wait, so no query outlives the enumeration.
            await stop.CancelAsync();
            await completion;
        }
    }

    private async Task ReadSummaryRangeAsync(string? from, string? to, System.Threading.Channels.ChannelWriter<RiskSummary> writer, CancellationToken cancellationToken)
    {
        var filter = Filter(new RiskQuery());
        if (from is not null) filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {from}");
        if (to is not null) filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {to}");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: RiskSummaryColumns.Selected, cancellationToken: cancellationToken))
        {
            // Rows written before the column existed (or whose figures did not fit it) are read whole, one by one.
            var summary = RiskSummaryColumns.Read(entity)
                ?? (await GetAsync(TableKey.Unescape(entity.RowKey), cancellationToken) is { } whole ? RiskSummary.Of(whole.Risk) : null);
            if (summary is not null)
            {
                await writer.WriteAsync(summary, cancellationToken);
            }
        }
    }

    /// <summary>Table transactions hold at most 100 operations, all in one partition (every risk is in <c>risk</c>).</summary>
    internal const int TransactionSize = 100;

    public async Task<IReadOnlyList<VersionedRisk>> CreateAllAsync(IReadOnlyList<(Risk Risk, NewEvidence Owed)> risks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(risks);
        var created = new List<VersionedRisk>(risks.Count);
        var written = new List<TableEntity>();
        foreach (var batch in risks.Chunk(TransactionSize))
        {
            var entities = batch.Select(r =>
            {
                var entity = ToEntity(r.Risk);
                OwedEvidenceColumns.Write(entity, r.Owed);
                return entity;
            }).ToList();
            try
            {
                var response = await Table.SubmitTransactionAsync(entities.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken);
                for (var i = 0; i < batch.Length; i++)
                {
                    created.Add(new VersionedRisk(batch[i].Risk, response.Value[i].Headers.ETag!.Value.ToString()) { Owed = batch[i].Owed });
                }

                written.AddRange(entities);
            }
            catch (RequestFailedException ex)
            {
                var failed = ex is TableTransactionFailedException { FailedTransactionActionIndex: { } index } ? batch[index].Risk.Id : batch[0].Risk.Id;
                await UndoAsync(written, cancellationToken);
                throw new ConcurrencyConflictException($"Risk {failed} could not be added ({ex.Status}); nothing of this import was kept.", ex);
            }
        }

        return created;
    }

    // The earlier transactions of a failed import: deleted again, in transactions too.
    private async Task UndoAsync(List<TableEntity> written, CancellationToken cancellationToken)
    {
        foreach (var batch in written.Chunk(TransactionSize))
        {
            await Table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
        }
    }

    public async Task<VersionedRisk> CreateAsync(Risk risk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(risk);
        try
        {
            var response = await Table.AddEntityAsync(ToEntity(risk), cancellationToken);
            return new VersionedRisk(risk, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new ConcurrencyConflictException($"A risk with id '{risk.Id}' already exists.", ex);
        }
    }

    public Task<VersionedRisk> UpdateAsync(Risk risk, string expectedETag, CancellationToken cancellationToken = default) =>
        WriteAsync(risk, expectedETag, null, cancellationToken);

    public Task<VersionedRisk> UpdateOwingAsync(Risk risk, string expectedETag, NewEvidence owed, CancellationToken cancellationToken = default) =>
        WriteAsync(risk, expectedETag, owed ?? throw new ArgumentNullException(nameof(owed)), cancellationToken);

    public Task<string> SettleAsync(string id, string expectedETag, CancellationToken cancellationToken = default) =>
        OwedEvidenceColumns.SettleAsync(Table, Partition, TableKey.Escape(id.Trim().ToUpperInvariant()), expectedETag, $"Risk '{id}' was changed by someone else since it was read.", cancellationToken);

    public async IAsyncEnumerable<VersionedRisk> ListOwingAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in OwedEvidenceColumns.QueryOwing(Table, Partition, cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    private async Task<VersionedRisk> WriteAsync(Risk risk, string expectedETag, NewEvidence? owed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        var etag = await OwedEvidenceColumns.WriteAsync(Table, ToEntity(risk), expectedETag, owed, $"Risk '{risk.Id}' was changed by someone else since it was read, or no longer exists.", cancellationToken);
        return new VersionedRisk(risk, etag) { Owed = owed };
    }

    private static string Filter(RiskQuery q)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {Partition}") };
        if (q.State is { } state) parts.Add(TableClient.CreateQueryFilter($"State eq {state.ToString()}"));
        if (!string.IsNullOrWhiteSpace(q.OwnerObjectId)) parts.Add(TableClient.CreateQueryFilter($"Owner eq {q.OwnerObjectId.Trim().ToUpperInvariant()}"));
        if (!string.IsNullOrWhiteSpace(q.AiSystemId)) parts.Add(TableClient.CreateQueryFilter($"AiSystemId eq {q.AiSystemId.Trim()}"));
        return string.Join(" and ", parts);
    }

    private static TableEntity ToEntity(Risk risk)
    {
        var entity = new TableEntity(Partition, TableKey.Escape(risk.Id.ToUpperInvariant()))
        {
            ["State"] = risk.State.ToString(),
            ["Owner"] = risk.OwnerObjectId.ToUpperInvariant(),
            ["AiSystemId"] = risk.AiSystemId,
        };
        RiskSummaryColumns.Write(entity, RiskSummary.Of(risk));
        TableJson.Write(entity, risk, RegisterJson.Options);
        return entity;
    }

    private static VersionedRisk FromEntity(TableEntity entity) =>
        new(TableJson.Read<Risk>(entity, RegisterJson.Options), entity.ETag.ToString()) { Owed = OwedEvidenceColumns.Read(entity) };
}
