using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Aims.Infrastructure.Storage;

/// <summary>The three service clients of the app's storage account, built once from <see cref="StorageOptions"/>.</summary>
public sealed class StorageClients
{
    public StorageClients(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Functions queue triggers decode base64 by default; sending in base64 keeps both hosts reading the same messages.
        var queueOptions = Interactive(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var tableOptions = Interactive(new TableClientOptions());
        var blobOptions = Interactive(new BlobClientOptions());
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            Tables = new TableServiceClient(options.ConnectionString, tableOptions);
            Blobs = new BlobServiceClient(options.ConnectionString, blobOptions);
            Queues = new QueueServiceClient(options.ConnectionString, queueOptions);
        }
        else if (options.BlobServiceUri is not null && options.QueueServiceUri is not null && options.TableServiceUri is not null)
        {
            TokenCredential credential = string.IsNullOrWhiteSpace(options.ClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
            Tables = new TableServiceClient(options.TableServiceUri, credential, tableOptions);
            Blobs = new BlobServiceClient(options.BlobServiceUri, credential, blobOptions);
            Queues = new QueueServiceClient(options.QueueServiceUri, credential, queueOptions);
        }
        else
        {
            throw new InvalidOperationException(
                $"Storage is not configured. Set '{StorageOptions.ConnectionName}' to a connection string, " +
                $"or '{StorageOptions.ConnectionName}__blobServiceUri', '__queueServiceUri' and '__tableServiceUri' for a managed identity.");
        }

        if (!string.IsNullOrEmpty(options.Prefix))
        {
            Tables = new PrefixedTableServiceClient(Tables, options.Prefix);
            Queues = new PrefixedQueueServiceClient(Queues, options.Prefix);
        }

        Description = options.Describe();
    }

    /// <summary>
    /// Retries sized for a person waiting on a card (Teams gives an invoke 15 s): a few quick retries ride out a blip, and a
    /// storage account that is down fails each call in about a second instead of the SDK default of several seconds.
    /// Queue work and timers are retried by their own machinery.
    /// </summary>
    private static T Interactive<T>(T options)
        where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    public TableServiceClient Tables { get; }
    public BlobServiceClient Blobs { get; }
    public QueueServiceClient Queues { get; }
    public string Description { get; }
}
