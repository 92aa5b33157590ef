using Aims.Core.Directory;
using Aims.Infrastructure.Storage;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Directory;

/// <summary>The last role snapshot's fingerprint in one Table Storage row (<c>rolesnapshots</c>, partition "roles", row "last").</summary>
public sealed class TableRoleSnapshotLog(StorageClients clients) : IRoleSnapshotLog
{
    public const string TableName = "rolesnapshots";
    private const string Partition = "roles";
    private const string Row = "last";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<RoleSnapshotMark?> GetLastAsync(CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e || e.GetString("Fingerprint") is not { } fingerprint)
        {
            return null;
        }

        return new RoleSnapshotMark(fingerprint, e.GetDateTimeOffset("TakenAt") ?? DateTimeOffset.MinValue, e.GetString("EvidenceId") ?? string.Empty);
    }

    public async Task SaveLastAsync(RoleSnapshotMark mark, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mark);
        await Table.UpsertEntityAsync(
            new TableEntity(Partition, Row) { ["Fingerprint"] = mark.Fingerprint, ["TakenAt"] = mark.TakenAt, ["EvidenceId"] = mark.EvidenceId },
            TableUpdateMode.Replace,
            cancellationToken);
    }
}
