using System.Security.Cryptography;
using Aims.Core.Reports;
using Aims.Infrastructure.Storage;
using Azure;

namespace Aims.DevHost;

/// <summary>
/// The DevHost's reporter identity key when no Key Vault key is configured: 256 random bits generated on first use and kept in
/// the local storage account (Azurite, <c>aims-development</c>), never in the repository. Never used by the Functions app.
/// </summary>
public sealed class DevelopmentReporterKeySource(StorageClients storage, ILogger<DevelopmentReporterKeySource> logger) : IReporterIdentityKeySource
{
    public const string BlobName = "reporter-identity-key.bin";
    private byte[]? _key;

    public async Task<byte[]> GetKeyAsync(CancellationToken cancellationToken = default)
    {
        if (_key is { } known)
        {
            return known;
        }

        var container = storage.Blobs.GetBlobContainerClient(DevelopmentPackSigner.Container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetBlobClient(BlobName);
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(RandomNumberGenerator.GetBytes(32)), overwrite: false, cancellationToken);
            logger.LogWarning("Anonymous reporters are protected with a development key; configure Reports:AnonymousReporters:KeyId for a Key Vault key");
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another instance (or an earlier run) made it: everyone uses that one.
        }

        return _key = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
    }
}
