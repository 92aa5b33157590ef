using Aims.Core.Messaging;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Messaging;

/// <summary>Chat addresses in Table Storage: one row per person (partition "user", row = Entra object id).</summary>
public sealed class TableChatAddressBook(StorageClients clients) : IChatAddressBook
{
    public const string TableName = "chataddresses";
    private const string Partition = "user";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task SaveAsync(ChatAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var entity = new TableEntity(Partition, address.AadObjectId)
        {
            ["ChannelUserId"] = address.ChannelUserId,
            ["DisplayName"] = address.DisplayName,
            ["ConversationId"] = address.ConversationId,
            ["ServiceUrl"] = address.ServiceUrl,
            ["TenantId"] = address.TenantId,
            ["BotId"] = address.BotId,
            ["UpdatedAt"] = address.UpdatedAt,
        };
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<ChatAddress?> FindAsync(string aadObjectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aadObjectId);
        try
        {
            var response = await Table.GetEntityAsync<TableEntity>(Partition, aadObjectId, cancellationToken: cancellationToken);
            var e = response.Value;
            return new ChatAddress(
                aadObjectId,
                e.GetString("ChannelUserId"),
                e.GetString("DisplayName"),
                e.GetString("ConversationId"),
                e.GetString("ServiceUrl"),
                e.GetString("TenantId"),
                e.GetString("BotId"),
                e.GetDateTimeOffset("UpdatedAt") ?? e.Timestamp ?? DateTimeOffset.MinValue);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task SaveRosterSourceAsync(RosterSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        await Table.UpsertEntityAsync(new TableEntity("roster-" + TableKey.Escape(source.TenantId), TableKey.Escape(source.ConversationId))
        {
            ["ConversationId"] = source.ConversationId,
            ["ServiceUrl"] = source.ServiceUrl,
            ["TenantId"] = source.TenantId,
            ["BotId"] = source.BotId,
            ["Kind"] = source.Kind,
            ["UpdatedAt"] = source.UpdatedAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<RosterSource>> ListRosterSourcesAsync(string? tenantId, CancellationToken cancellationToken = default)
    {
        var filter = tenantId is null
            ? "PartitionKey ge 'roster-' and PartitionKey lt 'roster.'"
            : TableClient.CreateQueryFilter($"PartitionKey eq {"roster-" + TableKey.Escape(tenantId)}");
        var result = new List<RosterSource>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(new RosterSource(e.GetString("ConversationId"), e.GetString("ServiceUrl"), e.GetString("TenantId"), e.GetString("BotId"), e.GetString("Kind"),
                e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue));
        }

        return result;
    }
}
