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

/// <summary>Review cycles (partition <c>cycle</c>) and their tasks (partition <c>task</c>, row key cycle id + period: opened once).</summary>
public sealed class TableReviewCycles(StorageClients clients) : IReviewCycles
{
    public const string TableName = "reviewcycles";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task SaveCycleAsync(ReviewCycle cycle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        var entity = new TableEntity("cycle", TableKey.Escape(cycle.Id));
        TableJson.Write(entity, cycle, RegisterJson.Options);
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<ReviewCycle> ListCyclesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == "cycle", maxPerPage: 500, cancellationToken: cancellationToken))
        {
            yield return TableJson.Read<ReviewCycle>(entity, RegisterJson.Options);
        }
    }

    public async Task<bool> TryOpenTaskAsync(ReviewTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            await Table.AddEntityAsync(ToEntity(task), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<ReviewTask?> GetTaskAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>("task", TableKey.Escape(id), cancellationToken: cancellationToken);
        return response.HasValue ? TableJson.Read<ReviewTask>(response.Value!, RegisterJson.Options) : null;
    }

    public Task UpdateTaskAsync(ReviewTask task, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(ToEntity(task), TableUpdateMode.Replace, cancellationToken);

    private static TableEntity ToEntity(ReviewTask task)
    {
        var entity = new TableEntity("task", TableKey.Escape(task.Id)) { ["Status"] = task.Status.ToString() };
        TableJson.Write(entity, task, RegisterJson.Options);
        return entity;
    }
}
