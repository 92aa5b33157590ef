using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Aims.Core.Evidence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Application.Evidence;

/// <summary>Section <c>Evidence:TimestampAuthority</c>: the RFC 3161 time-stamping authority that anchors ledger roots; off when unset.</summary>
public sealed class TimestampAuthorityOptions
{
    public const string SectionName = "Evidence:TimestampAuthority";

    /// <summary>The authority's HTTP(S) address, e.g. <c>http://timestamp.digicert.com</c>; empty: no timestamps.</summary>
    public string? Url { get; set; }

    /// <summary>How long one request may take before the timestamp is recorded as not obtained.</summary>
    public int TimeoutSeconds { get; set; } = 20;

    public Uri? Address => Uri.TryCreate(Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;
}

/// <summary>
/// Asks the configured time-stamping authority (RFC 3161 over HTTP, <c>application/timestamp-query</c>) to timestamp a ledger
/// root hash, and checks what it answers: status granted, the nonce, the message imprint equal to the root, a token signed by
/// the certificate it carries. A failure of the authority never throws: the answer says the timestamp could not be obtained
/// and why, so the export or digest that asked carries on and says so.
/// </summary>
public sealed class TimestampAuthorityClient(IHttpClientFactory httpClients, IOptions<TimestampAuthorityOptions> options, ILogger<TimestampAuthorityClient> logger)
{
    public const string HttpClientName = "timestamp-authority";
    private const int MaxResponseBytes = 1 << 20;

    /// <summary>Whether a time-stamping authority is configured.</summary>
    public bool IsConfigured => options.Value.Address is not null;

    /// <summary>The root hash's timestamp, or null when no authority is configured.</summary>
    public async Task<RootTimestamp?> TimestampRootAsync(string rootHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rootHash);
        if (options.Value.Address is not { } address)
        {
            return null;
        }

        var authority = address.GetLeftPart(UriPartial.Path);
        var digest = Convert.FromHexString(rootHash);
        var nonce = RandomNumberGenerator.GetBytes(16);
        nonce[0] = (byte)((nonce[0] & 0x7F) | 0x01); // a positive integer with no leading zero byte, as DER keeps it
        var request = Rfc3161TimestampRequest.CreateFromHash(digest, HashAlgorithmName.SHA256, nonce: nonce, requestSignerCertificates: true);
        try
        {
            using var content = new ByteArrayContent(request.Encode());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
            using var client = httpClients.CreateClient(HttpClientName);
            client.Timeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.TimeoutSeconds));
            using var response = await client.PostAsync(address, content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return Failed(rootHash, authority, $"the time-stamping authority answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                return Failed(rootHash, authority, $"the time-stamping authority's answer is larger than {MaxResponseBytes} bytes");
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var token = request.ProcessResponse(body, out _);
            if (!token.VerifySignatureForHash(digest, HashAlgorithmName.SHA256, out var signer, extraCandidates: null))
            {
                return Failed(rootHash, authority, "the time-stamp token's signature does not verify over the root hash");
            }

            logger.LogInformation("Ledger root {RootHash} timestamped by {Authority} at {GeneratedAt}, signed by {Signer}",
                rootHash, authority, token.TokenInfo.Timestamp, signer?.Subject);
            signer?.Dispose();
            return new RootTimestamp(rootHash, authority, token.TokenInfo.Timestamp, body, null);
        }
        catch (HttpRequestException ex)
        {
            return Failed(rootHash, authority, "the time-stamping authority could not be reached: " + ex.Message, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(rootHash, authority, $"the time-stamping authority did not answer within {options.Value.TimeoutSeconds} s", ex);
        }
        catch (CryptographicException ex)
        {
            return Failed(rootHash, authority, "the time-stamping authority's answer is not a valid time-stamp for the root: " + ex.Message, ex);
        }
    }

    private RootTimestamp Failed(string rootHash, string authority, string problem, Exception? exception = null)
    {
        logger.LogWarning(exception, "Ledger root {RootHash} not timestamped by {Authority}: {Problem}", rootHash, authority, problem);
        return RootTimestamp.Failed(rootHash, authority, problem);
    }
}
