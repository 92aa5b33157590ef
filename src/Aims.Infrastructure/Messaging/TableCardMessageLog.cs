using Aims.Core.Messaging;
using Aims.Infrastructure.Storage;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Messaging;

/// <summary>Copies of sent cards in Table Storage: partition = subject, row = activity id.</summary>
public sealed class TableCardMessageLog(StorageClients clients) : ICardMessageLog
{
    public const string TableName = "cardmessages";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task RecordAsync(CardMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await Table.UpsertEntityAsync(new TableEntity(TableKey.Escape(message.Subject), TableKey.Escape(message.ConversationId + "|" + message.ActivityId))
        {
            ["Subject"] = message.Subject,
            ["ActivityId"] = message.ActivityId,
            ["ConversationId"] = message.ConversationId,
            ["ServiceUrl"] = message.ServiceUrl,
            ["Recipient"] = message.RecipientObjectId,
            ["SentAt"] = message.SentAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<CardMessage>> ListAsync(string subject, CancellationToken cancellationToken = default)
    {
        var result = new List<CardMessage>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Escape(subject)}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(new CardMessage(e.GetString("Subject"), e.GetString("ActivityId"), e.GetString("ConversationId"), e.GetString("ServiceUrl"), e.GetString("Recipient"),
                e.GetDateTimeOffset("SentAt") ?? DateTimeOffset.MinValue));
        }

        return result;
    }
}
