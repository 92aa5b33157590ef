using Microsoft.Extensions.Options;

namespace Aims.Infrastructure.Storage;

/// <summary>Checks each storage service with a cheap call; used by <c>/api/health</c>.</summary>
public sealed class StorageHealth(StorageClients clients, IOptions<StorageOptions> options)
{
    public async Task<IReadOnlyDictionary<string, string?>> CheckAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var o = options.Value;
        var table = Probe(async ct =>
        {
            var name = o.Tables.FirstOrDefault();
            if (name is null) { await clients.Tables.GetPropertiesAsync(ct); return; }
            await foreach (var _ in clients.Tables.GetTableClient(name).QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1)) { break; }
        }, timeout.Token);
        var blob = Probe(async ct =>
        {
            var name = o.Containers.FirstOrDefault();
            if (name is null) { await clients.Blobs.GetPropertiesAsync(ct); return; }
            var exists = await clients.Blobs.GetBlobContainerClient(name).ExistsAsync(ct);
            if (!exists.Value) { throw new InvalidOperationException($"container '{name}' is missing"); }
        }, timeout.Token);
        var queue = Probe(async ct =>
        {
            var name = o.Queues.FirstOrDefault();
            if (name is null) { await clients.Queues.GetPropertiesAsync(ct); return; }
            await clients.Queues.GetQueueClient(name).GetPropertiesAsync(ct);
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
