using System.Text.Json.Serialization;

namespace Aims.Core.Evidence;

/// <summary>
/// An RFC 3161 timestamp of a ledger root hash by a time-stamping authority (the DER <c>TimeStampResp</c> as it answered), or,
/// when none could be obtained, why not. The root is timestamped as a SHA-256 message imprint of its 32 bytes.
/// </summary>
public sealed record RootTimestamp(string RootHash, string Authority, DateTimeOffset? GeneratedAt, byte[]? Response, string? Problem)
{
    /// <summary>Whether the authority granted a token that matches the root.</summary>
    [JsonIgnore]
    public bool Obtained => Response is not null;

    public static RootTimestamp Failed(string rootHash, string authority, string problem) => new(rootHash, authority, null, null, problem);
}
