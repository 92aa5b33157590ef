using System.Globalization;
using System.Runtime.CompilerServices;
using Aims.Core.Register;
using Aims.Core.Reports;
using Aims.Core.Reviews;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Infrastructure.Reviews;

public static class ReviewStorageExtensions
{
    public static IServiceCollection AddReviewStorage(this IServiceCollection services)
    {
        services.AddStorageTable(TableLeadershipItems.TableName);
        services.AddSingleton<ILeadershipItems, TableLeadershipItems>();
        services.AddStorageTable(TableDigestArchive.TableName);
        services.AddSingleton<IDigestArchive, TableDigestArchive>();
        services.AddStorageTable(TableReportStore.TableName);
        services.AddSingleton<IReportStore, TableReportStore>();
        services.AddStorageTable(TableReviewCycles.TableName);
        services.AddSingleton<IReviewCycles, TableReviewCycles>();
        services.AddStorageTable(TableInternalAudits.TableName);
        services.AddSingleton<IInternalAudits, TableInternalAudits>();
        return services;
    }
}

/// <summary>Management review outcomes in Table Storage: one row per item (partition <c>item</c>), the item as JSON.</summary>
public sealed class TableLeadershipItems(StorageClients clients) : ILeadershipItems
{
    public const string TableName = "leadershipitems";
    private const string Partition = "item";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<bool> AddAsync(LeadershipItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            await Table.AddEntityAsync(ToEntity(item), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<LeadershipItem?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(id), cancellationToken: cancellationToken);
        return response.HasValue ? TableJson.Read<LeadershipItem>(response.Value!, RegisterJson.Options) : null;
    }

    public Task UpdateAsync(LeadershipItem item, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(ToEntity(item), TableUpdateMode.Replace, cancellationToken);

    public async IAsyncEnumerable<LeadershipItem> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, maxPerPage: 500, cancellationToken: cancellationToken))
        {
            yield return TableJson.Read<LeadershipItem>(entity, RegisterJson.Options);
        }
    }

    private static TableEntity ToEntity(LeadershipItem item)
    {
        var entity = new TableEntity(Partition, TableKey.Escape(item.Id)) { ["DigestId"] = item.DigestId, ["Kind"] = item.Kind.ToString() };
        TableJson.Write(entity, item, RegisterJson.Options);
        return entity;
    }
}

/// <summary>Every digest sent (partition <c>digest</c>), newest first: the row key is the inverted send time, then the id.</summary>
public sealed class TableDigestArchive(StorageClients clients) : IDigestArchive
{
    public const string TableName = "reviewdigests";
    private const string Partition = "digest";
    private const string IdPartition = "byid";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task SaveAsync(ManagementReviewDigest digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var rowKey = (DateTimeOffset.MaxValue.UtcTicks - digest.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + TableKey.Escape(digest.Id);
        var row = new TableEntity(Partition, rowKey);
        TableJson.Write(row, digest, RegisterJson.Options);
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        await Table.UpsertEntityAsync(new TableEntity(IdPartition, TableKey.Escape(digest.Id)) { ["Row"] = rowKey }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<ManagementReviewDigest?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var pointer = await Table.GetEntityIfExistsAsync<TableEntity>(IdPartition, TableKey.Escape(id), cancellationToken: cancellationToken);
        if (!pointer.HasValue)
        {
            return null;
        }

        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, pointer.Value!.GetString("Row"), cancellationToken: cancellationToken);
        return row.HasValue ? TableJson.Read<ManagementReviewDigest>(row.Value!, RegisterJson.Options) : null;
    }

    public async Task<ManagementReviewDigest?> LatestAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return TableJson.Read<ManagementReviewDigest>(entity, RegisterJson.Options);
        }

        return null;
    }

    public async Task<ManagementReviewDigest?> LatestReviewedAsync(CancellationToken cancellationToken = default)
    {
        // Newest first (the row key counts down); undelivered digests are rare, so this reads a row or two.
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, maxPerPage: 10, cancellationToken: cancellationToken))
        {
            if (TableJson.Read<ManagementReviewDigest>(entity, RegisterJson.Options) is { Reviewed: true } digest)
            {
                return digest;
            }
        }

        return null;
    }
}

/// <summary>Reports in Table Storage (partition <c>report</c>), ids from a counter row advanced with ETag conditions.</summary>
public sealed class TableReportStore(StorageClients clients) : IReportStore
{
    public const string TableName = "reports";
    private const string Partition = "report";
    private const string CounterPartition = "counter";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<string> NextIdAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var current = await Table.GetEntityIfExistsAsync<TableEntity>(CounterPartition, "report", cancellationToken: cancellationToken);
            try
            {
                long next;
                if (!current.HasValue)
                {
                    next = 1;
                    await Table.AddEntityAsync(new TableEntity(CounterPartition, "report") { ["Next"] = next }, cancellationToken);
                }
                else
                {
                    next = (current.Value!.GetInt64("Next") ?? 0) + 1;
                    current.Value["Next"] = next;
                    await Table.UpdateEntityAsync(current.Value, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return "NC-" + next.ToString(CultureInfo.InvariantCulture);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                await Task.Delay(Random.Shared.Next(5, 40), cancellationToken);
            }
        }

        throw new ConcurrencyConflictException("Could not allocate a report id: too many concurrent writers. Try again.");
    }

    public async Task<VersionedReport> CreateAsync(NonconformityReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        try
        {
            var response = await Table.AddEntityAsync(ToEntity(report), cancellationToken);
            return new VersionedReport(report, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new ConcurrencyConflictException($"A report with id '{report.Id}' already exists.", ex);
        }
    }

    public async Task<VersionedReport?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(id.Trim().ToUpperInvariant()), cancellationToken: cancellationToken);
        return response.HasValue ? new VersionedReport(TableJson.Read<NonconformityReport>(response.Value!, RegisterJson.Options), response.Value!.ETag.ToString()) : null;
    }

    public async Task<VersionedReport> UpdateAsync(NonconformityReport report, string expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        try
        {
            var response = await Table.UpdateEntityAsync(ToEntity(report), new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            return new VersionedReport(report, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException($"Report '{report.Id}' was changed by someone else since it was read.", ex);
        }
    }

    public async IAsyncEnumerable<NonconformityReport> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, maxPerPage: 500, cancellationToken: cancellationToken))
        {
            yield return TableJson.Read<NonconformityReport>(entity, RegisterJson.Options);
        }
    }

    private static TableEntity ToEntity(NonconformityReport report)
    {
        var entity = new TableEntity(Partition, TableKey.Escape(report.Id.ToUpperInvariant())) { ["Status"] = report.Status.ToString() };
        TableJson.Write(entity, report, RegisterJson.Options);
        return entity;
    }
}

/// <summary>
/// Review cycles (partition <c>cycle</c>), their periods (partition <c>period</c>, row key cycle id + period key: opened once)
/// and tasks (partition <c>task</c>, row key the task id: opened once). Rows of the first model (no <c>Kind</c> or <c>CycleId</c>
/// column) are left out of listings.
/// </summary>
public sealed class TableReviewCycles(StorageClients clients) : IReviewCycles
{
    public const string TableName = "reviewcycles";
    private const string CyclePartition = "cycle";
    private const string PeriodPartition = "period";
    private const string TaskPartition = "task";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public Task SaveCycleAsync(ReviewCycle cycle, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(ToEntity(cycle), TableUpdateMode.Replace, cancellationToken);

    public Task<bool> TryAddCycleAsync(ReviewCycle cycle, CancellationToken cancellationToken = default) => TryAddAsync(ToEntity(cycle), cancellationToken);

    public async Task<ReviewCycle?> GetCycleAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(CyclePartition, TableKey.Escape(id), cancellationToken: cancellationToken);
        return response.HasValue && response.Value!.ContainsKey("Kind") ? TableJson.Read<ReviewCycle>(response.Value!, RegisterJson.Options) : null;
    }

    public async IAsyncEnumerable<ReviewCycle> ListCyclesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {CyclePartition} and Kind ne {string.Empty}"), maxPerPage: 500, cancellationToken: cancellationToken))
        {
            yield return TableJson.Read<ReviewCycle>(entity, RegisterJson.Options);
        }
    }

    public Task<bool> TryOpenPeriodAsync(ReviewPeriod period, CancellationToken cancellationToken = default) => TryAddAsync(ToEntity(period), cancellationToken);

    public async Task<VersionedReviewPeriod?> GetPeriodAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(PeriodPartition, TableKey.Escape(id), cancellationToken: cancellationToken);
        return response.HasValue ? new VersionedReviewPeriod(TableJson.Read<ReviewPeriod>(response.Value!, RegisterJson.Options), response.Value!.ETag.ToString()) : null;
    }

    public async IAsyncEnumerable<VersionedReviewPeriod> ListOpenPeriodsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PeriodPartition} and Status eq {nameof(ReviewPeriodStatus.Open)}");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, maxPerPage: 500, cancellationToken: cancellationToken))
        {
            yield return new VersionedReviewPeriod(TableJson.Read<ReviewPeriod>(entity, RegisterJson.Options), entity.ETag.ToString());
        }
    }

    public Task<bool> TryUpdatePeriodAsync(ReviewPeriod period, string expectedETag, CancellationToken cancellationToken = default) =>
        TryReplaceAsync(ToEntity(period), expectedETag, cancellationToken);

    public Task<bool> TryOpenTaskAsync(ReviewTask task, CancellationToken cancellationToken = default) => TryAddAsync(ToEntity(task), cancellationToken);

    public async Task<VersionedReviewTask?> GetTaskAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(TaskPartition, TableKey.Escape(id), cancellationToken: cancellationToken);
        return response.HasValue && response.Value!.ContainsKey("CycleId")
            ? new VersionedReviewTask(TableJson.Read<ReviewTask>(response.Value!, RegisterJson.Options), response.Value!.ETag.ToString())
            : null;
    }

    public Task<bool> TryUpdateTaskAsync(ReviewTask task, string expectedETag, CancellationToken cancellationToken = default) =>
        TryReplaceAsync(ToEntity(task), expectedETag, cancellationToken);

    public IAsyncEnumerable<ReviewTask> ListTasksAsync(string cycleId, CancellationToken cancellationToken = default) =>
        QueryTasksAsync(TableClient.CreateQueryFilter($"PartitionKey eq {TaskPartition} and CycleId eq {cycleId}"), cancellationToken);

    public IAsyncEnumerable<ReviewTask> ListOpenTasksAsync(CancellationToken cancellationToken = default) =>
        QueryTasksAsync(TableClient.CreateQueryFilter($"PartitionKey eq {TaskPartition} and Status eq {nameof(ReviewTaskStatus.Open)} and CycleId ne {string.Empty}"), cancellationToken);

    private async IAsyncEnumerable<ReviewTask> QueryTasksAsync(string filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, maxPerPage: 500, cancellationToken: cancellationToken))
        {
            yield return TableJson.Read<ReviewTask>(entity, RegisterJson.Options);
        }
    }

    private async Task<bool> TryAddAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private async Task<bool> TryReplaceAsync(TableEntity entity, string expectedETag, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(entity, new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(ReviewCycle cycle)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        var entity = new TableEntity(CyclePartition, TableKey.Escape(cycle.Id)) { ["Kind"] = cycle.Kind.ToString() };
        TableJson.Write(entity, cycle, RegisterJson.Options);
        return entity;
    }

    private static TableEntity ToEntity(ReviewPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var entity = new TableEntity(PeriodPartition, TableKey.Escape(period.Id)) { ["Status"] = period.Status.ToString(), ["CycleId"] = period.CycleId };
        TableJson.Write(entity, period, RegisterJson.Options);
        return entity;
    }

    private static TableEntity ToEntity(ReviewTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var entity = new TableEntity(TaskPartition, TableKey.Escape(task.Id)) { ["Status"] = task.Status.ToString(), ["CycleId"] = task.CycleId, ["Period"] = task.Period };
        TableJson.Write(entity, task, RegisterJson.Options);
        return entity;
    }
}

/// <summary>The internal audit programme (partition <c>audit</c>): one row per audit with its findings, ETag concurrency.</summary>
public sealed class TableInternalAudits(StorageClients clients) : IInternalAudits
{
    public const string TableName = "internalaudits";
    private const string Partition = "audit";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<bool> TryAddAsync(InternalAudit audit, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.AddEntityAsync(ToEntity(audit), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<VersionedInternalAudit?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(id), cancellationToken: cancellationToken);
        return response.HasValue ? new VersionedInternalAudit(TableJson.Read<InternalAudit>(response.Value!, RegisterJson.Options), response.Value!.ETag.ToString()) : null;
    }

    public async Task<bool> TryUpdateAsync(InternalAudit audit, string expectedETag, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(audit), new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<InternalAudit> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, maxPerPage: 500, cancellationToken: cancellationToken))
        {
            yield return TableJson.Read<InternalAudit>(entity, RegisterJson.Options);
        }
    }

    private static TableEntity ToEntity(InternalAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var entity = new TableEntity(Partition, TableKey.Escape(audit.Id)) { ["Status"] = audit.Status.ToString(), ["Auditor"] = audit.AuditorObjectId };
        TableJson.Write(entity, audit, RegisterJson.Options);
        return entity;
    }
}
