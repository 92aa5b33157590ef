namespace Aims.Core.Evidence;

/// <summary>
/// Signs the audit pack's manifest so a pack cannot be rebuilt after the fact: RSASSA-PKCS1-v1_5 over SHA-256 (RS256), a
/// scheme any RSA tool (and verify.py, with Python's integers alone) can check. The private key never leaves the signer.
/// </summary>
public interface IPackSigner
{
    Task<PackSigningKey> GetPublicKeyAsync(CancellationToken cancellationToken = default);

    /// <summary>The RS256 signature of a SHA-256 digest, made with the key <see cref="GetPublicKeyAsync"/> returns.</summary>
    Task<byte[]> SignDigestAsync(byte[] sha256Digest, CancellationToken cancellationToken = default);
}
