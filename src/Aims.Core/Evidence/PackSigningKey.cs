using System.Security.Cryptography;

namespace Aims.Core.Evidence;

/// <summary>The public half of the pack signing key as a JWK (<c>n</c>, <c>e</c> base64url), with its fingerprint.</summary>
public sealed record PackSigningKey(string KeyId, string Modulus, string Exponent)
{
    public const string Algorithm = "RS256";

    /// <summary>SHA-256 (hex) of the modulus bytes: what an auditor compares with the fingerprint the organisation publishes.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Base64Url.Decode(Modulus)));

    public static PackSigningKey From(string keyId, RSAParameters parameters) =>
        new(keyId, Base64Url.Encode(parameters.Modulus ?? throw new ArgumentException("The key has no modulus.", nameof(parameters))),
            Base64Url.Encode(parameters.Exponent ?? throw new ArgumentException("The key has no exponent.", nameof(parameters))));

    /// <summary>The key as a JWK with its fingerprint, as the pack carries it and the app serves it.</summary>
    public object ToJwk() => new { kty = "RSA", kid = KeyId, alg = Algorithm, n = Modulus, e = Exponent, fingerprint = Fingerprint };

    public RSAParameters ToParameters() => new() { Modulus = Base64Url.Decode(Modulus), Exponent = Base64Url.Decode(Exponent) };
}

/// <summary>Base64url without padding (RFC 7515), as JWKs and Key Vault use it.</summary>
public static class Base64Url
{
    public static string Encode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public static byte[] Decode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
