using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Aims.Core.Reports;

/// <summary>What the organisation keeps of the person who sends an anonymous report.</summary>
public enum AnonymousIdentityKeeping
{
    /// <summary>Their identity, encrypted: readable only by the named role, each reading recorded as evidence; they follow their report.</summary>
    Encrypted,

    /// <summary>Nothing: nobody can learn who reported, and the reporter cannot follow up.</summary>
    None,
}

/// <summary>The key behind anonymous reporters' identities (256 bits); in Azure it never leaves Key Vault unwrapped at rest.</summary>
public interface IReporterIdentityKeySource
{
    Task<byte[]> GetKeyAsync(CancellationToken cancellationToken = default);
}

/// <summary>Port: keeps an anonymous reporter's identity so that only an explicit, audited reading recovers it.</summary>
public interface IReporterIdentityProtector
{
    /// <summary>The reporter's object id and name encrypted and bound to the report id (another report's ciphertext does not open).</summary>
    Task<string> SealAsync(string reportId, string objectId, string displayName, CancellationToken cancellationToken = default);

    Task<(string ObjectId, string DisplayName)> UnsealAsync(string reportId, string sealedIdentity, CancellationToken cancellationToken = default);

    /// <summary>A keyed hash of an object id: how a reporter's own reports are found without storing who they are.</summary>
    Task<string> LookupAsync(string objectId, CancellationToken cancellationToken = default);
}

/// <summary>
/// AES-256-GCM over the reporter's identity (a 12-byte random nonce, the report id as associated data), and HMAC-SHA256 for the
/// lookup, each with its own key derived from the key source by HKDF-SHA256. The format is <c>v1:</c> + base64(nonce, ciphertext, tag).
/// </summary>
public sealed class AesGcmReporterIdentityProtector(IReporterIdentityKeySource keys) : IReporterIdentityProtector
{
    private const string Version = "v1:";
    private static readonly byte[] EncryptionInfo = "aims-reporter-identity-encryption-v1"u8.ToArray();
    private static readonly byte[] LookupInfo = "aims-reporter-identity-lookup-v1"u8.ToArray();

    public async Task<string> SealAsync(string reportId, string objectId, string displayName, CancellationToken cancellationToken = default)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(new SealedReporter(objectId, displayName));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var sealedBytes = new byte[nonce.Length + plain.Length + AesGcm.TagByteSizes.MaxSize];
        nonce.CopyTo(sealedBytes, 0);
        using (var aes = new AesGcm(await KeyAsync(EncryptionInfo, cancellationToken), AesGcm.TagByteSizes.MaxSize))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(nonce.Length, plain.Length), sealedBytes.AsSpan(nonce.Length + plain.Length), Bound(reportId));
        }

        return Version + Convert.ToBase64String(sealedBytes);
    }

    public async Task<(string ObjectId, string DisplayName)> UnsealAsync(string reportId, string sealedIdentity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sealedIdentity);
        if (!sealedIdentity.StartsWith(Version, StringComparison.Ordinal))
        {
            throw new CryptographicException("The reporter identity is not in a known format.");
        }

        var bytes = Convert.FromBase64String(sealedIdentity[Version.Length..]);
        int nonceSize = AesGcm.NonceByteSizes.MaxSize, tagSize = AesGcm.TagByteSizes.MaxSize;
        var plain = new byte[bytes.Length - nonceSize - tagSize];
        using (var aes = new AesGcm(await KeyAsync(EncryptionInfo, cancellationToken), tagSize))
        {
            aes.Decrypt(bytes.AsSpan(0, nonceSize), bytes.AsSpan(nonceSize, plain.Length), bytes.AsSpan(nonceSize + plain.Length), plain, Bound(reportId));
        }

        var reporter = JsonSerializer.Deserialize<SealedReporter>(plain) ?? throw new CryptographicException("The reporter identity is empty.");
        return (reporter.ObjectId, reporter.DisplayName);
    }

    public async Task<string> LookupAsync(string objectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objectId);
        var mac = HMACSHA256.HashData(await KeyAsync(LookupInfo, cancellationToken), Encoding.UTF8.GetBytes(objectId.Trim().ToLowerInvariant()));
        return Convert.ToHexStringLower(mac);
    }

    private async Task<byte[]> KeyAsync(byte[] info, CancellationToken cancellationToken) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, await keys.GetKeyAsync(cancellationToken), 32, salt: [], info: info);

    private static byte[] Bound(string reportId) => Encoding.UTF8.GetBytes("aims-report:" + reportId.Trim().ToUpperInvariant());

    private sealed record SealedReporter(string ObjectId, string DisplayName);
}
