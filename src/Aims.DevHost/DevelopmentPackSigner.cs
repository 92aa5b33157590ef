using System.Security.Cryptography;
using Aims.Core.Evidence;
using Aims.Infrastructure.Storage;
using Azure;

namespace Aims.DevHost;

/// <summary>
/// The DevHost's pack signer when no Key Vault key is configured: an RSA 3072 key generated on first use and kept in the local
/// storage account (Azurite), so packs made on different days verify against the same development key. Never used by the
/// Functions app, which signs with Key Vault only.
/// </summary>
public sealed class DevelopmentPackSigner(StorageClients storage, ILogger<DevelopmentPackSigner> logger) : IPackSigner, IDisposable
{
    public const string Container = "aims-development";
    public const string BlobName = "audit-pack-signing-key.pem";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RSA? _rsa;
    private PackSigningKey? _key;

    public async Task<PackSigningKey> GetPublicKeyAsync(CancellationToken cancellationToken = default) => (await LoadAsync(cancellationToken)).Key;

    public async Task<byte[]> SignDigestAsync(byte[] sha256Digest, CancellationToken cancellationToken = default) =>
        (await LoadAsync(cancellationToken)).Rsa.SignHash(sha256Digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public void Dispose()
    {
        _rsa?.Dispose();
        _gate.Dispose();
    }

    private async Task<(RSA Rsa, PackSigningKey Key)> LoadAsync(CancellationToken cancellationToken)
    {
        if (_rsa is not null && _key is not null)
        {
            return (_rsa, _key);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_rsa is null || _key is null)
            {
                var container = storage.Blobs.GetBlobContainerClient(Container);
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                var blob = container.GetBlobClient(BlobName);
                var rsa = RSA.Create();
                try
                {
                    var pem = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToString();
                    rsa.ImportFromPem(pem);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    rsa.Dispose();
                    rsa = RSA.Create(3072);
                    try
                    {
                        // Only one instance's key wins; the others read it back.
                        await blob.UploadAsync(BinaryData.FromString(rsa.ExportPkcs8PrivateKeyPem()), overwrite: false, cancellationToken);
                    }
                    catch (RequestFailedException conflict) when (conflict.Status == 409)
                    {
                        rsa.Dispose();
                        rsa = RSA.Create();
                        rsa.ImportFromPem((await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToString());
                    }
                }

                _key = PackSigningKey.From("development:" + BlobName, rsa.ExportParameters(false));
                _rsa = rsa;
                logger.LogWarning("Audit packs are signed with the development key (fingerprint {Fingerprint}); configure AuditPack:SigningKeyId for a Key Vault key", _key.Fingerprint);
            }

            return (_rsa, _key);
        }
        finally
        {
            _gate.Release();
        }
    }
}
