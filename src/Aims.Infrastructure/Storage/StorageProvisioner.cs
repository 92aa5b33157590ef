using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Infrastructure.Storage;

/// <summary>Creates the tables, containers and queues the app needs when a host starts (idempotent).</summary>
public sealed class StorageProvisioner(StorageClients clients, IOptions<StorageOptions> options, ILogger<StorageProvisioner> logger) : IHostedService
{
    private const int Attempts = 5;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ProvisionAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException && attempt < Attempts)
            {
                // Azurite or a just-created account may need a moment; a short bounded wait, then a clear failure.
                logger.LogWarning("Storage {Storage} not reachable yet (attempt {Attempt}/{Attempts}): {Reason}", clients.Description, attempt, Attempts, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), cancellationToken);
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
            {
                throw new InvalidOperationException(
                    $"Storage is unreachable: {clients.Description}. Check the '{StorageOptions.ConnectionName}' setting " +
                    $"(locally, is Azurite running?). {ex.Message}", ex);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        foreach (var table in o.Tables)
        {
            await clients.Tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }

        foreach (var container in o.Containers)
        {
            await clients.Blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        foreach (var queue in o.Queues)
        {
            await clients.Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await clients.Queues.GetQueueClient(queue + "-poison").CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        logger.LogInformation("Storage ready at {Storage}: {Tables} tables, {Containers} containers, {Queues} queues",
            clients.Description, o.Tables.Count, o.Containers.Count, o.Queues.Count);
    }
}
