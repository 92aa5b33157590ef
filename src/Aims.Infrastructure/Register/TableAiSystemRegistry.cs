using System.Text.Json;
using Aims.Core.Register;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Register;

/// <summary>
/// The AI system inventory in Table Storage: one row per system in partition <c>system</c> (RowKey = escaped id). The
/// system is stored as UTF-8 JSON (<see cref="TableJson"/>); the columns Stage, RiskClass,
/// Owner, BusinessUnitKey (lower case) and Retired exist so listings filter in the service. Writes are conditional on the
/// ETag; a lost race becomes <see cref="ConcurrencyConflictException"/>.
/// </summary>
public sealed class TableAiSystemRegistry(StorageClients clients) : IAiSystemRegistry
{
    public const string TableName = "aisystems";
    private const string Partition = "system";
    private const int MaxBatch = 100;

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<VersionedAiSystem?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(id), cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<AiSystemPage> ListAsync(AiSystemQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, AiSystemQuery.MaxPageSize);
        await foreach (var page in Table.QueryAsync<TableEntity>(BuildFilter(query), maxPerPage: pageSize, cancellationToken: cancellationToken)
                           .AsPages(query.ContinuationToken, pageSize))
        {
            return new AiSystemPage([.. page.Values.Select(FromEntity)], page.ContinuationToken);
        }

        return new AiSystemPage([], null);
    }

    public async Task<VersionedAiSystem> CreateAsync(AiSystem system, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        try
        {
            var response = await Table.AddEntityAsync(ToEntity(system), cancellationToken);
            return new VersionedAiSystem(system, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new ConcurrencyConflictException($"An AI system with id '{system.Id}' already exists.", ex);
        }
    }

    public async Task<VersionedAiSystem> UpdateAsync(AiSystem system, string expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedETag);
        try
        {
            var response = await Table.UpdateEntityAsync(ToEntity(system), new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            return new VersionedAiSystem(system, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException(ex.Status == 404
                ? $"AI system '{system.Id}' no longer exists."
                : $"AI system '{system.Id}' was changed by someone else since you read it: reload it and apply your change again.", ex);
        }
    }

    public async Task<VersionedAiSystem?> RetireAsync(string id, DateTimeOffset at, string by, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var current = await GetAsync(id, cancellationToken);
        if (current is null)
        {
            return null;
        }

        if (expectedETag is not null && !string.Equals(expectedETag, current.ETag, StringComparison.Ordinal))
        {
            throw new ConcurrencyConflictException($"AI system '{id}' was changed by someone else since you read it: reload it and try again.");
        }

        if (current.System.Retired)
        {
            return current;
        }

        return await UpdateAsync(current.System.Retire(at, by), current.ETag, cancellationToken);
    }

    public async Task<IReadOnlyList<VersionedAiSystem>> WriteAllAsync(IReadOnlyList<RegisterWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Select(w => w.System.Id).Distinct(StringComparer.Ordinal).Count() != writes.Count)
        {
            throw new ArgumentException("A batch names the same system twice.", nameof(writes));
        }

        // What each update replaces, so a failure in a later transaction can put it back.
        var previous = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (var write in writes.Where(w => w.ExpectedETag is not null))
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(write.System.Id), cancellationToken: cancellationToken);
            if (!existing.HasValue || existing.Value!.ETag.ToString() != write.ExpectedETag)
            {
                throw new ConcurrencyConflictException($"AI system '{write.System.Id}' changed or disappeared since it was read.");
            }

            previous[write.System.Id] = existing.Value;
        }

        var results = new List<VersionedAiSystem>();
        var committed = new List<RegisterWrite>();
        foreach (var chunk in writes.Chunk(MaxBatch))
        {
            var actions = chunk.Select(w => w.ExpectedETag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, ToEntity(w.System))
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(w.System), new ETag(w.ExpectedETag))).ToList();
            try
            {
                var response = await Table.SubmitTransactionAsync(actions, cancellationToken);
                for (var i = 0; i < chunk.Length; i++)
                {
                    results.Add(new VersionedAiSystem(chunk[i].System, response.Value[i].Headers.ETag!.Value.ToString()));
                }

                committed.AddRange(chunk);
            }
            catch (Exception ex) when (ex is TableTransactionFailedException or RequestFailedException)
            {
                await UndoAsync(committed, previous);
                var failed = ex is TableTransactionFailedException { FailedTransactionActionIndex: { } index } ? chunk[index].System.Id : null;
                throw new ConcurrencyConflictException(
                    $"The import was not applied: {(failed is null ? "a system" : $"AI system '{failed}'")} changed or appeared meanwhile. Nothing was written.", ex);
            }
        }

        return results;
    }

    private async Task UndoAsync(IEnumerable<RegisterWrite> committed, Dictionary<string, TableEntity> previous)
    {
        foreach (var write in committed)
        {
            if (previous.TryGetValue(write.System.Id, out var before))
            {
                await Table.UpsertEntityAsync(before, TableUpdateMode.Replace, CancellationToken.None);
            }
            else
            {
                await Table.DeleteEntityAsync(Partition, TableKey.Escape(write.System.Id), ETag.All, CancellationToken.None);
            }
        }
    }

    internal static string BuildFilter(AiSystemQuery query)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {Partition}") };
        if (query.Stage is { } stage)
        {
            parts.Add(TableClient.CreateQueryFilter($"Stage eq {stage.ToString()}"));
        }

        if (query.RiskClass is { } risk)
        {
            parts.Add(TableClient.CreateQueryFilter($"RiskClass eq {risk.ToString()}"));
        }

        if (!string.IsNullOrWhiteSpace(query.OwnerObjectId))
        {
            parts.Add(TableClient.CreateQueryFilter($"Owner eq {query.OwnerObjectId.Trim().ToUpperInvariant()}"));
        }

        if (!string.IsNullOrWhiteSpace(query.BusinessUnit))
        {
            parts.Add(TableClient.CreateQueryFilter($"BusinessUnitKey eq {query.BusinessUnit.Trim().ToUpperInvariant()}"));
        }

        if (!query.IncludeRetired)
        {
            parts.Add(TableClient.CreateQueryFilter($"Retired eq {false}"));
        }

        return string.Join(" and ", parts);
    }

    private static TableEntity ToEntity(AiSystem system)
    {
        var entity = new TableEntity(Partition, TableKey.Escape(system.Id))
        {
            ["SystemId"] = system.Id,
            ["Name"] = system.Name,
            ["Stage"] = system.Details.Stage.ToString(),
            ["RiskClass"] = system.Details.RiskClass.ToString(),
            ["Owner"] = system.Details.OwnerObjectId.ToUpperInvariant(),
            ["BusinessUnitKey"] = system.Details.BusinessUnit.ToUpperInvariant(),
            ["Retired"] = system.Retired,
        };
        TableJson.Write(entity, system, RegisterJson.Options);
        return entity;
    }

    private static VersionedAiSystem FromEntity(TableEntity entity) =>
        new(TableJson.Read<AiSystem>(entity, RegisterJson.Options), entity.ETag.ToString());
}
