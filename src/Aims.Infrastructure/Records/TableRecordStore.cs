using System.Globalization;
using System.Runtime.CompilerServices;
using Aims.Core.Evidence;
using Aims.Core.Records;
using Aims.Core.Register;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Infrastructure.Records;

public static class RecordStoreExtensions
{
    /// <summary>Registers <see cref="IRecordStore{T}"/> for <typeparamref name="T"/> in partition <paramref name="partition"/> of table <paramref name="table"/>.</summary>
    public static IServiceCollection AddRecordStore<T>(this IServiceCollection services, string table, string partition)
        where T : class
    {
        services.AddStorageTable(table);
        services.AddSingleton<IRecordStore<T>>(sp => new TableRecordStore<T>(sp.GetRequiredService<StorageClients>(), table, partition));
        return services;
    }
}

/// <summary>
/// Records as JSON documents (<see cref="TableJson"/>) in one partition of a table, one row per id, with ETag concurrency.
/// Ids counters live in the partition <c>counter</c> of the same table.
/// </summary>
public sealed class TableRecordStore<T>(StorageClients clients, string tableName, string partition) : IRecordStore<T>
    where T : class
{
    private const string CounterPartition = "counter";

    private TableClient Table => clients.Tables.GetTableClient(tableName);

    public async Task<Versioned<T>?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(partition, TableKey.Escape(id), cancellationToken: cancellationToken);
        return response.HasValue ? Read(response.Value!) : null;
    }

    public async IAsyncEnumerable<Versioned<T>> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, maxPerPage: 500, cancellationToken: cancellationToken))
        {
            yield return Read(entity);
        }
    }

    public async Task<Versioned<T>?> TryAddAsync(string id, T value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        try
        {
            var response = await Table.AddEntityAsync(ToEntity(id, value), cancellationToken);
            return new Versioned<T>(value, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    public Task<Versioned<T>> ReplaceAsync(string id, T value, string expectedETag, CancellationToken cancellationToken = default) =>
        WriteAsync(id, value, expectedETag, null, cancellationToken);

    public Task<Versioned<T>> ReplaceOwingAsync(string id, T value, string expectedETag, NewEvidence owed, CancellationToken cancellationToken = default) =>
        WriteAsync(id, value, expectedETag, owed ?? throw new ArgumentNullException(nameof(owed)), cancellationToken);

    public Task<string> SettleAsync(string id, string expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return OwedEvidenceColumns.SettleAsync(Table, partition, TableKey.Escape(id), expectedETag, $"'{id}' was changed by someone else since it was read.", cancellationToken);
    }

    public async IAsyncEnumerable<(string Id, Versioned<T> Record)> ListOwingAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in OwedEvidenceColumns.QueryOwing(Table, partition, cancellationToken))
        {
            yield return (TableKey.Unescape(entity.RowKey), Read(entity));
        }
    }

    private async Task<Versioned<T>> WriteAsync(string id, T value, string expectedETag, NewEvidence? owed, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var etag = await OwedEvidenceColumns.WriteAsync(Table, ToEntity(id, value), expectedETag, owed, $"'{id}' was changed by someone else since it was read.", cancellationToken);
        return new Versioned<T>(value, etag) { Owed = owed };
    }

    public async Task<string> NextIdAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var key = TableKey.Escape(partition + ":" + prefix);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var current = await Table.GetEntityIfExistsAsync<TableEntity>(CounterPartition, key, cancellationToken: cancellationToken);
            try
            {
                long next;
                if (!current.HasValue)
                {
                    next = 1;
                    await Table.AddEntityAsync(new TableEntity(CounterPartition, key) { ["Next"] = next }, cancellationToken);
                }
                else
                {
                    next = (current.Value!.GetInt64("Next") ?? 0) + 1;
                    current.Value["Next"] = next;
                    await Table.UpdateEntityAsync(current.Value, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return prefix + "-" + next.ToString(CultureInfo.InvariantCulture);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                await Task.Delay(Random.Shared.Next(5, 40), cancellationToken);
            }
        }

        throw new ConcurrencyConflictException($"Could not allocate a {prefix} id: too many concurrent writers. Try again.");
    }

    private static Versioned<T> Read(TableEntity entity) =>
        new(TableJson.Read<T>(entity, RegisterJson.Options), entity.ETag.ToString()) { Owed = OwedEvidenceColumns.Read(entity) };

    private TableEntity ToEntity(string id, T value)
    {
        var entity = new TableEntity(partition, TableKey.Escape(id));
        TableJson.Write(entity, value, RegisterJson.Options);
        return entity;
    }
}
