using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Aims.Infrastructure.Storage;

/// <summary>Tables named with <see cref="StorageOptions.Prefix"/> in front: several hosts share an account without sharing rows.</summary>
internal sealed class PrefixedTableServiceClient(TableServiceClient inner, string prefix) : TableServiceClient
{
    public override TableClient GetTableClient(string tableName) => inner.GetTableClient(prefix + tableName);

    public override Task<Response<TableItem>> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken = default) =>
        inner.CreateTableIfNotExistsAsync(prefix + tableName, cancellationToken);

    public override Response<TableItem> CreateTableIfNotExists(string tableName, CancellationToken cancellationToken = default) =>
        inner.CreateTableIfNotExists(prefix + tableName, cancellationToken);

    public override Task<Response<TableServiceProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default) =>
        inner.GetPropertiesAsync(cancellationToken);
}

/// <summary>Queues named with <see cref="StorageOptions.Prefix"/> in front (the DevHost's queue pump reads through this client too).</summary>
internal sealed class PrefixedQueueServiceClient(QueueServiceClient inner, string prefix) : QueueServiceClient
{
    public override QueueClient GetQueueClient(string queueName) => inner.GetQueueClient(prefix + queueName);

    public override Task<Response<QueueServiceProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default) =>
        inner.GetPropertiesAsync(cancellationToken);
}
