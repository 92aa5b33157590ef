using System.Security.Cryptography;
using System.Text.Json;
using Aims.Core.Evidence;
using Aims.Core.Reports;
using Aims.Infrastructure.Storage;
using Azure;
using Microsoft.Extensions.Logging;

namespace Aims.Infrastructure.Evidence;

/// <summary>Section <c>Reports:AnonymousReporters</c> (the key part): the Key Vault key that wraps the reporter identity key.</summary>
public sealed class ReporterKeyOptions
{
    public const string SectionName = "Reports:AnonymousReporters";

    /// <summary>An RSA key allowed to wrap and unwrap, <c>https://{vault}.vault.azure.net/keys/{name}</c>.</summary>
    public string? KeyId { get; set; }

    /// <summary>Client id of the user-assigned identity holding Key Vault Crypto User on that key; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }
}

/// <summary>
/// The reporter identity key in Azure, as envelope encryption: a random 256-bit key, wrapped by the Key Vault RSA key
/// (RSA-OAEP-256, the private key never leaves the vault) and stored write-once as <c>aims-keys/reporter-identity-key.json</c>.
/// The app unwraps it through Key Vault on first use and keeps it in memory only; storage alone never yields it.
/// </summary>
public sealed class KeyVaultReporterKeySource(ReporterKeyOptions options, KeyVaultKeys vault, StorageClients storage, ILogger<KeyVaultReporterKeySource> logger) : IReporterIdentityKeySource
{
    public const string Container = "aims-keys";
    public const string BlobName = "reporter-identity-key.json";
    private const string Algorithm = "RSA-OAEP-256";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public async Task<byte[]> GetKeyAsync(CancellationToken cancellationToken = default)
    {
        if (_key is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _key ??= await UnwrapAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]> UnwrapAsync(CancellationToken cancellationToken)
    {
        var blob = storage.Blobs.GetBlobContainerClient(Container).GetBlobClient(BlobName);
        if (!await blob.ExistsAsync(cancellationToken))
        {
            var key = (await vault.GetAsync(options.KeyId!, cancellationToken)).GetProperty("key").GetProperty("kid").GetString()!;
            var wrapped = await vault.PostAsync(key, "wrapkey", new { alg = Algorithm, value = Base64Url.Encode(RandomNumberGenerator.GetBytes(32)) }, cancellationToken);
            try
            {
                // Only the first instance's key is kept; the others read it back.
                await blob.UploadAsync(BinaryData.FromObjectAsJson(new WrappedKey(key, wrapped.GetProperty("value").GetString()!)), overwrite: false, cancellationToken);
                logger.LogInformation("Reporter identity key created, wrapped by {KeyId}", key);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
            }
        }

        var stored = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToObjectFromJson<WrappedKey>()
            ?? throw new InvalidOperationException($"{Container}/{BlobName} holds no wrapped key.");
        var unwrapped = await vault.PostAsync(stored.Kid, "unwrapkey", new { alg = Algorithm, value = stored.Value }, cancellationToken);
        return Base64Url.Decode(unwrapped.GetProperty("value").GetString()!);
    }

    private sealed record WrappedKey(string Kid, string Value);
}
