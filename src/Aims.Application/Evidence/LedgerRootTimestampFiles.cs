using Aims.Core.Evidence;

namespace Aims.Application.Evidence;

/// <summary>What the pack says about the RFC 3161 timestamp of its ledger root (README.json, index.html, ledger/timestamp.json).</summary>
public sealed record PackTimestampStatus(string Status, string RootHash, string? Authority, DateTimeOffset? GeneratedAt, string? File, string? Problem)
{
    public const string Timestamped = "timestamped";
    public const string NotObtained = "not-obtained";
    public const string NotConfigured = "not-configured";

    /// <summary>One sentence for a person.</summary>
    public string Describe() => Status switch
    {
        Timestamped => $"The ledger root was timestamped by {Authority} at {GeneratedAt:u} (RFC 3161, {File}).",
        NotObtained => $"The ledger root could not be timestamped by {Authority}: {Problem}. This pack has no RFC 3161 timestamp.",
        _ => "No time-stamping authority is configured: this pack has no RFC 3161 timestamp of its ledger root.",
    };
}

/// <summary>
/// Writes the ledger root's timestamp into the pack, before it is signed: <c>ledger/ledger-root.tsr</c> (the authority's DER
/// <c>TimeStampResp</c>, for <c>openssl ts -verify</c>) when one was obtained, and always <c>ledger/timestamp.json</c>, which
/// says honestly whether the root was timestamped, by whom and when, or why not.
/// </summary>
public static class LedgerRootTimestampFiles
{
    public const string ResponsePath = "ledger/ledger-root.tsr";
    public const string StatusPath = "ledger/timestamp.json";

    public static async Task<PackTimestampStatus> WriteAsync(AuditPackWriter writer, string rootHash, RootTimestamp? timestamp)
    {
        ArgumentNullException.ThrowIfNull(writer);
        PackTimestampStatus status;
        if (timestamp is { Response: { } response })
        {
            await writer.WriteAsync(ResponsePath, s => s.WriteAsync(response).AsTask());
            status = new(PackTimestampStatus.Timestamped, rootHash, timestamp.Authority, timestamp.GeneratedAt, ResponsePath, null);
        }
        else
        {
            status = timestamp is null
                ? new(PackTimestampStatus.NotConfigured, rootHash, null, null, null, null)
                : new(PackTimestampStatus.NotObtained, rootHash, timestamp.Authority, null, null, timestamp.Problem);
        }

        await writer.WriteJsonAsync(StatusPath, status);
        return status;
    }
}
