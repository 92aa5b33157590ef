using System.Globalization;
using System.Text.Json;
using Aims.Core.Register;
using Aims.Core.Soa;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Register;

/// <summary>
/// The Statement of Applicability in Table Storage: partition <c>entry</c> (RowKey = control id) and partition
/// <c>version</c> (RowKey = version number, 10 digits, so versions sort). A version row points at the evidence item that
/// holds the approved content.
/// </summary>
public sealed class TableSoaStore(StorageClients clients) : ISoaStore
{
    public const string TableName = "soa";
    private const string EntryPartition = "entry";
    private const string VersionPartition = "version";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<IReadOnlyList<VersionedSoaEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<VersionedSoaEntry>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {EntryPartition}"), cancellationToken: cancellationToken))
        {
            result.Add(FromEntity(e));
        }

        return result;
    }

    public async Task<VersionedSoaEntry?> GetAsync(string controlId, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(EntryPartition, TableKey.Escape(controlId), cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<VersionedSoaEntry> SaveAsync(SoaEntry entry, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            var response = expectedETag is null
                ? await Table.UpsertEntityAsync(ToEntity(entry), TableUpdateMode.Replace, cancellationToken)
                : await Table.UpdateEntityAsync(ToEntity(entry), new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            return new VersionedSoaEntry(entry, response.Headers.ETag?.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException($"The SoA entry of {entry.ControlId} was changed by someone else since you read it: reload it and try again.", ex);
        }
    }

    public async Task<bool> AddIfMissingAsync(SoaEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await Table.AddEntityAsync(ToEntity(entry), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<SoaVersion>> ListVersionsAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<SoaVersion>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {VersionPartition}"), cancellationToken: cancellationToken))
        {
            result.Add(new SoaVersion(
                e.GetInt32("Version") ?? 0,
                e.GetDateTimeOffset("ApprovedAt") ?? DateTimeOffset.MinValue,
                e.GetString("ApprovedBy") ?? string.Empty,
                e.GetString("ApprovedByName") ?? string.Empty,
                e.GetString("EvidenceId") ?? string.Empty,
                e.GetInt32("Applicable") ?? 0,
                e.GetInt32("Implemented") ?? 0));
        }

        return [.. result.OrderBy(v => v.Version)];
    }

    public async Task AddVersionAsync(SoaVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var entity = new TableEntity(VersionPartition, version.Version.ToString("D10", CultureInfo.InvariantCulture))
        {
            ["Version"] = version.Version,
            ["ApprovedAt"] = version.ApprovedAt,
            ["ApprovedBy"] = version.ApprovedBy,
            ["ApprovedByName"] = version.ApprovedByName,
            ["EvidenceId"] = version.EvidenceId,
            ["Applicable"] = version.Applicable,
            ["Implemented"] = version.Implemented,
        };
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new ConcurrencyConflictException($"SoA version {version.Version} was approved by someone else at the same moment.", ex);
        }
    }

    private static TableEntity ToEntity(SoaEntry entry) => new(EntryPartition, TableKey.Escape(entry.ControlId))
    {
        ["ControlId"] = entry.ControlId,
        ["Applicable"] = entry.Applicable,
        ["Justification"] = entry.Justification,
        ["Status"] = entry.Status.ToString(),
        ["Owner"] = entry.OwnerObjectId,
        ["EvidenceIds"] = JsonSerializer.Serialize(entry.EvidenceIds),
        ["LastReviewed"] = AiSystemValidator.FormatDate(entry.LastReviewed),
        ["UpdatedAt"] = entry.UpdatedAt,
        ["UpdatedBy"] = entry.UpdatedBy,
    };

    private static VersionedSoaEntry FromEntity(TableEntity e)
    {
        var lastReviewed = e.GetString("LastReviewed");
        var entry = new SoaEntry(
            e.GetString("ControlId") ?? e.RowKey,
            e.GetBoolean("Applicable") ?? true,
            e.GetString("Justification"),
            AiSystemValidator.TryParseEnum<ImplementationStatus>(e.GetString("Status"), out var s) ? s : ImplementationStatus.NotStarted,
            e.GetString("Owner"),
            JsonSerializer.Deserialize<string[]>(e.GetString("EvidenceIds") ?? "[]") ?? [],
            lastReviewed is null ? null : DateOnly.ParseExact(lastReviewed, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.GetDateTimeOffset("UpdatedAt"),
            e.GetString("UpdatedBy"));
        return new VersionedSoaEntry(entry, e.ETag.ToString());
    }
}
