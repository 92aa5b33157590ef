using System.Text.Json.Serialization;
using Aims.Core.Evidence;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace Aims.Infrastructure.Evidence;

/// <summary>
/// Signs pack manifests with an RSA key held in Azure Key Vault (the private key never leaves the vault), through the Key Vault
/// REST API: <c>GET {key}</c> for the public key and <c>POST {key-version}/sign</c> with <c>RS256</c>. The signature is made
/// with the exact version whose public key was read, so the two always match.
/// </summary>
public sealed class KeyVaultPackSigner(PackSigningOptions options, TokenCredential credential, ILogger<KeyVaultPackSigner> logger, HttpPipelineTransport? transport = null) : IPackSigner
{
    private readonly KeyVaultKeys _vault = new(credential, options.Scope, transport);
    private PackSigningKey? _key;

    public async Task<PackSigningKey> GetPublicKeyAsync(CancellationToken cancellationToken = default)
    {
        if (_key is { } known)
        {
            return known;
        }

        var body = await _vault.GetAsync(options.SigningKeyId!, cancellationToken);
        var key = body.GetProperty("key");
        var jwk = new PackSigningKey(key.GetProperty("kid").GetString()!, key.GetProperty("n").GetString()!, key.GetProperty("e").GetString()!);
        logger.LogInformation("Audit pack signing key {KeyId} from Key Vault, fingerprint {Fingerprint}", jwk.KeyId, jwk.Fingerprint);
        return _key = jwk;
    }

    public async Task<byte[]> SignDigestAsync(byte[] sha256Digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256Digest);
        var key = await GetPublicKeyAsync(cancellationToken);
        var body = await _vault.PostAsync(key.KeyId, "sign", new SignRequest(PackSigningKey.Algorithm, Base64Url.Encode(sha256Digest)), cancellationToken);
        return Base64Url.Decode(body.GetProperty("value").GetString()!);
    }

    private sealed record SignRequest([property: JsonPropertyName("alg")] string Alg, [property: JsonPropertyName("value")] string Value);
}
