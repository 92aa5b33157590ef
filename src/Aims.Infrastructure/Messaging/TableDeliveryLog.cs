using Aims.Core.Messaging;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Messaging;

/// <summary>Delivery claims in Table Storage: partition = idempotency key, row = recipient. Insert-if-absent is the claim.</summary>
public sealed class TableDeliveryLog(StorageClients clients) : IDeliveryLog
{
    public const string TableName = "deliveries";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<bool> TryClaimAsync(string idempotencyKey, string recipientObjectId, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.AddEntityAsync(new TableEntity(TableKey.Escape(idempotencyKey), TableKey.Escape(recipientObjectId)) { ["Status"] = "sending" }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task ReleaseAsync(string idempotencyKey, string recipientObjectId, CancellationToken cancellationToken = default) =>
        await Table.DeleteEntityAsync(TableKey.Escape(idempotencyKey), TableKey.Escape(recipientObjectId), ETag.All, cancellationToken);

    public async Task CompleteAsync(string idempotencyKey, string recipientObjectId, string outcome, string? activityId, CancellationToken cancellationToken = default) =>
        await Table.UpsertEntityAsync(
            new TableEntity(TableKey.Escape(idempotencyKey), TableKey.Escape(recipientObjectId)) { ["Status"] = outcome, ["ActivityId"] = activityId },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<DeliveryRecord?> FindAsync(string idempotencyKey, string recipientObjectId, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Escape(idempotencyKey), TableKey.Escape(recipientObjectId), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is null)
        {
            return null;
        }

        var e = response.Value;
        return new DeliveryRecord(idempotencyKey, recipientObjectId, e.GetString("Status") ?? "unknown", e.GetString("ActivityId"), e.Timestamp);
    }
}
