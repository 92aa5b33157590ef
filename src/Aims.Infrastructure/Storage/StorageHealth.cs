using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Aims.Infrastructure.Storage;

/// <summary>Checks each storage service with a cheap call; used by <c>/api/health/deep</c>.</summary>
public sealed class StorageHealth(StorageClients clients, IOptions<StorageOptions> options)
{
    public async Task<IReadOnlyDictionary<string, string?>> CheckAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var o = options.Value;
        // Every registered resource is probed: a missing table, container or queue breaks the features that use it.
        var table = Probe(async ct =>
        {
            if (o.Tables.Count == 0) { await clients.Tables.GetPropertiesAsync(ct); return; }
            await Task.WhenAll(o.Tables.Select(async name =>
            {
                try
                {
                    await foreach (var _ in clients.Tables.GetTableClient(name).QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: ct).AsPages(pageSizeHint: 1))
                    {
                        break;
                    }
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    throw new InvalidOperationException($"table '{name}' is missing", ex);
                }
            }));
        }, timeout.Token);
        var blob = Probe(async ct =>
        {
            if (o.Containers.Count == 0) { await clients.Blobs.GetPropertiesAsync(ct); return; }
            await Task.WhenAll(o.Containers.Select(async name =>
            {
                if (!(await clients.Blobs.GetBlobContainerClient(name).ExistsAsync(ct)).Value) { throw new InvalidOperationException($"container '{name}' is missing"); }
            }));
        }, timeout.Token);
        var queue = Probe(async ct =>
        {
            if (o.Queues.Count == 0) { await clients.Queues.GetPropertiesAsync(ct); return; }
            await Task.WhenAll(o.Queues.Select(async name =>
            {
                if (!(await clients.Queues.GetQueueClient(name).ExistsAsync(ct)).Value) { throw new InvalidOperationException($"queue '{name}' is missing"); }
            }));
        }, timeout.Token);
        await Task.WhenAll(table, blob, queue);
        return new Dictionary<string, string?>
        {
            ["table"] = table.Result,
            ["blob"] = blob.Result,
            ["queue"] = queue.Result,
        };
    }

    /// <summary>Null when the probe succeeded, else the reason.</summary>
    private static async Task<string?> Probe(Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        try
        {
            await probe(cancellationToken);
            return null;
        }
        catch (Exception ex)
        {
            return ex.Message.Split('\n')[0].Trim();
        }
    }
}
