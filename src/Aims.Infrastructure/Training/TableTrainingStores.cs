using System.Runtime.CompilerServices;
using System.Text.Json;
using Aims.Core.Register;
using Aims.Core.Training;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Infrastructure.Training;

public static class TrainingExtensions
{
    /// <summary>Training campaigns, assignments and attestations, with their tables created on start.</summary>
    public static IServiceCollection AddTrainingStores(this IServiceCollection services)
    {
        services.AddStorageTable(TableTrainingCampaignStore.TableName);
        services.AddSingleton<ITrainingCampaignStore, TableTrainingCampaignStore>();
        services.AddStorageTable(TableTrainingAssignmentStore.TableName);
        services.AddStorageTable(TableTrainingAssignmentStore.PersonIndexTableName);
        services.AddSingleton<ITrainingAssignmentStore, TableTrainingAssignmentStore>();
        services.AddStorageTable(TableTrainingAttestationStore.TableName);
        services.AddSingleton<ITrainingAttestationStore, TableTrainingAttestationStore>();
        return services;
    }

    internal static byte[] ToJson<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, RegisterJson.Options);

    internal static T FromJson<T>(TableEntity entity) =>
        JsonSerializer.Deserialize<T>(entity.GetBinary("Data"), RegisterJson.Options) ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} holds no data.");
}

/// <summary>Campaigns in partition <c>campaign</c> (RowKey = escaped id), stored as JSON; writes are conditional on the ETag.</summary>
public sealed class TableTrainingCampaignStore(StorageClients clients) : ITrainingCampaignStore
{
    public const string TableName = "trainingcampaigns";
    private const string Partition = "campaign";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<VersionedCampaign?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(id), cancellationToken: cancellationToken);
        return response.HasValue ? From(response.Value!) : null;
    }

    public async Task<IReadOnlyList<VersionedCampaign>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<VersionedCampaign>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            result.Add(From(entity));
        }

        return result;
    }

    public async Task<VersionedCampaign> CreateAsync(TrainingCampaign campaign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        try
        {
            var response = await Table.AddEntityAsync(To(campaign), cancellationToken);
            return new VersionedCampaign(campaign, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new ConcurrencyConflictException($"A campaign with id '{campaign.Id}' already exists.", ex);
        }
    }

    public async Task<VersionedCampaign> UpdateAsync(TrainingCampaign campaign, string expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        try
        {
            var response = await Table.UpdateEntityAsync(To(campaign), new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            return new VersionedCampaign(campaign, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            throw new ConcurrencyConflictException($"Campaign '{campaign.Id}' was changed by someone else since it was read: reload it and try again.", ex);
        }
    }

    private static TableEntity To(TrainingCampaign c) => new(Partition, TableKey.Escape(c.Id))
    {
        ["State"] = c.State.ToString(),
        ["Data"] = TrainingExtensions.ToJson(c),
    };

    private static VersionedCampaign From(TableEntity e) => new(TrainingExtensions.FromJson<TrainingCampaign>(e), e.ETag.ToString());
}

/// <summary>
/// Assignments: partition = escaped campaign id, RowKey = escaped object id. A second table, <c>trainingpersonindex</c>, holds one
/// empty row per person (partition = escaped object id) and campaign (RowKey), so a person's own list is one partition query plus a
/// point read per campaign instead of a scan of every campaign. The index holds membership only, never status: attesting and
/// republishing change the assignment row alone, so the index cannot disagree with it. It is written before the assignment, so
/// an assignment never lacks its index row; an index row whose assignment write failed is skipped when read.
/// </summary>
public sealed class TableTrainingAssignmentStore(StorageClients clients) : ITrainingAssignmentStore
{
    public const string TableName = "trainingassignments";
    public const string PersonIndexTableName = "trainingpersonindex";
    private const int IndexParallelism = 16;

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    private TableClient PersonIndex => clients.Tables.GetTableClient(PersonIndexTableName);

    public async Task<TrainingAssignment?> GetAsync(string campaignId, string objectId, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Escape(campaignId), PersonKey(objectId), cancellationToken: cancellationToken);
        return response.HasValue ? TrainingExtensions.FromJson<TrainingAssignment>(response.Value!) : null;
    }

    public async Task UpsertAsync(TrainingAssignment assignment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        await IndexAsync([assignment], cancellationToken);
        await Table.UpsertEntityAsync(To(assignment), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task UpsertManyAsync(IReadOnlyList<TrainingAssignment> assignments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        await IndexAsync(assignments, cancellationToken);
        foreach (var partition in assignments.GroupBy(a => a.CampaignId, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await Table.SubmitTransactionAsync(chunk.Select(a => new TableTransactionAction(TableTransactionActionType.UpsertReplace, To(a))), cancellationToken);
            }
        }
    }

    public async Task<int> AddNewAsync(IReadOnlyList<TrainingAssignment> assignments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        await IndexAsync(assignments, cancellationToken);
        var added = 0;
        foreach (var chunk in assignments.Chunk(100))
        {
            try
            {
                // The common case (a page seen for the first time): one insert-only transaction per 100 people.
                await Table.SubmitTransactionAsync(chunk.Select(a => new TableTransactionAction(TableTransactionActionType.Add, To(a))), cancellationToken);
                added += chunk.Length;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                // A retried page: someone in it exists already. Insert one by one and keep the existing rows.
                foreach (var a in chunk)
                {
                    try
                    {
                        await Table.AddEntityAsync(To(a), cancellationToken);
                        added++;
                    }
                    catch (RequestFailedException conflict) when (conflict.Status == 409)
                    {
                    }
                }
            }
        }

        return added;
    }

    public async IAsyncEnumerable<TrainingAssignment> ListAsync(string campaignId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var partition = TableKey.Escape(campaignId);
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            yield return TrainingExtensions.FromJson<TrainingAssignment>(entity);
        }
    }

    public async Task<IReadOnlyList<TrainingAssignment>> ListForPersonAsync(string objectId, CancellationToken cancellationToken = default)
    {
        var partition = PersonKey(objectId);
        var campaignIds = new List<string>();
        await foreach (var entity in PersonIndex.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["CampaignId"], cancellationToken: cancellationToken))
        {
            campaignIds.Add(entity.GetString("CampaignId"));
        }

        var found = await Task.WhenAll(campaignIds.Select(id => GetAsync(id, objectId, cancellationToken)));
        return [.. found.OfType<TrainingAssignment>()];
    }

    private async Task IndexAsync(IReadOnlyList<TrainingAssignment> assignments, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(assignments, new ParallelOptions { MaxDegreeOfParallelism = IndexParallelism, CancellationToken = cancellationToken }, async (a, ct) =>
            await PersonIndex.UpsertEntityAsync(new TableEntity(PersonKey(a.ObjectId), TableKey.Escape(a.CampaignId)) { ["CampaignId"] = a.CampaignId }, TableUpdateMode.Replace, ct));

    private static string PersonKey(string objectId) => TableKey.Escape(objectId.ToLowerInvariant());

    private static TableEntity To(TrainingAssignment a) => new(TableKey.Escape(a.CampaignId), PersonKey(a.ObjectId))
    {
        ["ObjectId"] = a.ObjectId.ToLowerInvariant(),
        ["Status"] = a.Status.ToString(),
        ["Data"] = TrainingExtensions.ToJson(a),
    };
}

/// <summary>Attestations: partition = escaped campaign id, RowKey = version|object id; insert only (the first one stands).</summary>
public sealed class TableTrainingAttestationStore(StorageClients clients) : ITrainingAttestationStore
{
    public const string TableName = "trainingattestations";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<bool> TryAddAsync(TrainingAttestation attestation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        try
        {
            await Table.AddEntityAsync(To(attestation), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<TrainingAttestation?> GetAsync(string campaignId, string materialVersion, string objectId, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Escape(campaignId), Row(materialVersion, objectId), cancellationToken: cancellationToken);
        return response.HasValue ? TrainingExtensions.FromJson<TrainingAttestation>(response.Value!) : null;
    }

    public async Task SetEvidenceAsync(TrainingAttestation attestation, string evidenceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        await Table.UpsertEntityAsync(To(attestation with { EvidenceId = evidenceId }), TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<TrainingAttestation> ListAsync(string campaignId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var partition = TableKey.Escape(campaignId);
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            yield return TrainingExtensions.FromJson<TrainingAttestation>(entity);
        }
    }

    private static string Row(string version, string objectId) => TableKey.Escape(version + "|" + objectId.ToLowerInvariant());

    private static TableEntity To(TrainingAttestation a) => new(TableKey.Escape(a.CampaignId), Row(a.MaterialVersion, a.ObjectId))
    {
        ["ObjectId"] = a.ObjectId.ToLowerInvariant(),
        ["Data"] = TrainingExtensions.ToJson(a),
    };
}
