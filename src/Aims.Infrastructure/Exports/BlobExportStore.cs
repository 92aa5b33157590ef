using Aims.Infrastructure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace Aims.Infrastructure.Exports;

/// <summary>
/// Generated files (audit packs, CSV exports) people download from a link in Teams: a private container and a short-lived,
/// read-only SAS link (account key locally, a user delegation key with a managed identity in Azure).
/// </summary>
public sealed class BlobExportStore(StorageClients clients, TimeProvider time)
{
    public const string ContainerName = "exports";

    public async Task<Uri> UploadAsync(string name, Stream content, string contentType, TimeSpan validFor, CancellationToken cancellationToken = default)
    {
        var blob = clients.Blobs.GetBlobContainerClient(ContainerName).GetBlobClient(name);
        await blob.UploadAsync(content, new Azure.Storage.Blobs.Models.BlobUploadOptions
        {
            HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = contentType, ContentDisposition = $"attachment; filename=\"{Path.GetFileName(name)}\"" },
        }, cancellationToken);

        var now = time.GetUtcNow();
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, now + validFor)
        {
            BlobContainerName = ContainerName,
            BlobName = name,
            Resource = "b",
            StartsOn = now.AddMinutes(-5),
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var key = await clients.Blobs.GetUserDelegationKeyAsync(now.AddMinutes(-5), now + validFor, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, clients.Blobs.AccountName) }.ToUri();
    }
}
