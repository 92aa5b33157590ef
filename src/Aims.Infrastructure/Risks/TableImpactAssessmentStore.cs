using System.Globalization;
using Aims.Core.Register;
using Aims.Core.Risks;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Risks;

/// <summary>Impact assessments in Table Storage: one row each (JSON via <see cref="TableJson"/>), an AiSystemId column, an id counter.</summary>
public sealed class TableImpactAssessmentStore(StorageClients clients) : IImpactAssessmentStore
{
    public const string TableName = "impactassessments";
    private const string Partition = "assessment";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<string> NextIdAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var current = await Table.GetEntityIfExistsAsync<TableEntity>("counter", "assessment", cancellationToken: cancellationToken);
            try
            {
                var next = current.HasValue ? (current.Value!.GetInt64("Next") ?? 0) + 1 : 1;
                if (current.HasValue)
                {
                    current.Value!["Next"] = next;
                    await Table.UpdateEntityAsync(current.Value, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await Table.AddEntityAsync(new TableEntity("counter", "assessment") { ["Next"] = next }, cancellationToken);
                }

                return "IA-" + next.ToString(CultureInfo.InvariantCulture);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                await Task.Delay(Random.Shared.Next(5, 40), cancellationToken);
            }
        }

        throw new ConcurrencyConflictException("Could not allocate an assessment id: too many concurrent writers. Try again.");
    }

    public async Task<VersionedAssessment?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(id.Trim().ToUpperInvariant()), cancellationToken: cancellationToken);
        return response.HasValue ? From(response.Value!) : null;
    }

    public async Task<IReadOnlyList<VersionedAssessment>> ListForSystemAsync(string? aiSystemId, CancellationToken cancellationToken = default)
    {
        var filter = aiSystemId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and AiSystemId eq {aiSystemId}");
        var result = new List<VersionedAssessment>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(From(e));
        }

        return result;
    }

    public async Task<VersionedAssessment> CreateAsync(ImpactAssessment assessment, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Table.AddEntityAsync(To(assessment), cancellationToken);
            return new VersionedAssessment(assessment, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new ConcurrencyConflictException($"Impact assessment '{assessment.Id}' already exists.", ex);
        }
    }

    public async Task<VersionedAssessment> UpdateAsync(ImpactAssessment assessment, string expectedETag, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Table.UpdateEntityAsync(To(assessment), new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            return new VersionedAssessment(assessment, response.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            throw new ConcurrencyConflictException($"Impact assessment '{assessment.Id}' was changed by someone else since it was read.", ex);
        }
    }

    private static TableEntity To(ImpactAssessment a)
    {
        var entity = new TableEntity(Partition, TableKey.Escape(a.Id.ToUpperInvariant())) { ["AiSystemId"] = a.AiSystemId, ["State"] = a.State.ToString() };
        TableJson.Write(entity, a, RegisterJson.Options);
        return entity;
    }

    private static VersionedAssessment From(TableEntity e) => new(TableJson.Read<ImpactAssessment>(e, RegisterJson.Options), e.ETag.ToString());
}
