using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Application.Demo;
using Aims.Application.Evidence;
using Aims.Application.Tests.Deployment;
using Aims.Application.Tests.Reviews;
using Aims.Core.Reviews;

namespace Aims.Application.Tests.Evidence;

/// <summary>
/// The ledger root is anchored by an RFC 3161 timestamp from a real time-stamping authority on loopback: the audit pack carries
/// the authority's answer next to the root (its token verifies over the root with the authority's certificate, and the pack's
/// own verify.py checks its message imprint), the management review digest's archive keeps its own, and an authority that
/// fails leaves an export that says honestly that the timestamp is missing.
/// </summary>
public sealed class LedgerRootTimestampTests(DedicatedAzurite azurite) : IClassFixture<DedicatedAzurite>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private ReviewHost Host(LoopbackTimestampAuthority tsa)
    {
        var host = new ReviewHost(azurite.ConnectionString, Start, new Dictionary<string, string?> { ["Evidence:TimestampAuthority:Url"] = tsa.Url.ToString() });
        host.Get<DemoSeeder>().SeedAsync(CancellationToken.None).GetAwaiter().GetResult();
        return host;
    }

    private static async Task<string> ExportAsync(ReviewHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/audit-pack", UriKind.Relative));
        request.Headers.Add("X-Aims-User", ReviewHost.Isaiah);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var folder = Path.Combine(Path.GetTempPath(), "aims-pack-" + Guid.NewGuid().ToString("N"));
        ZipFile.ExtractToDirectory(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), folder);
        return folder;
    }

    private static (int Exit, string Output) Verify(string folder) => Script.Run("python3", ["-I", "verify.py"], workingDirectory: folder);

    private static JsonElement Json(string folder, string path) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, path))).RootElement;

    private static void AssertTimestamps(byte[] response, string rootHash, LoopbackTimestampAuthority tsa)
    {
        var token = ParseToken(response);
        Assert.True(token.VerifySignatureForHash(Convert.FromHexString(rootHash), HashAlgorithmName.SHA256, out var signer, new X509Certificate2Collection(tsa.Certificate)));
        using (signer)
        {
            Assert.Equal(tsa.Certificate.Thumbprint, signer!.Thumbprint);
        }

        Assert.Equal(rootHash, Convert.ToHexStringLower(token.TokenInfo.GetMessageHash().Span));
    }

    /// <summary>The token inside a DER TimeStampResp (SEQUENCE { status, token }).</summary>
    private static Rfc3161TimestampToken ParseToken(byte[] response)
    {
        var reader = new System.Formats.Asn1.AsnReader(response, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        reader.ReadSequence(); // PKIStatusInfo
        Assert.True(Rfc3161TimestampToken.TryDecode(reader.ReadEncodedValue(), out var token, out _));
        return token!;
    }

    [Fact]
    public async Task The_pack_carries_a_timestamp_of_its_root_that_verifies_and_verify_py_rejects_one_for_another_root()
    {
        await using var tsa = await LoopbackTimestampAuthority.StartAsync();
        using var host = Host(tsa);
        var folder = await ExportAsync(host);
        try
        {
            var status = Json(folder, LedgerRootTimestampFiles.StatusPath);
            var root = Json(folder, "README.json").GetProperty("rootHash").GetString()!;
            Assert.Equal(PackTimestampStatus.Timestamped, status.GetProperty("status").GetString());
            Assert.Equal(root, status.GetProperty("rootHash").GetString());
            Assert.Equal(PackTimestampStatus.Timestamped, Json(folder, "README.json").GetProperty("timestamp").GetProperty("status").GetString());
            Assert.Contains("timestamped by", File.ReadAllText(Path.Combine(folder, "index.html")), StringComparison.Ordinal);
            var tsr = Path.Combine(folder, "ledger", "ledger-root.tsr");
            AssertTimestamps(File.ReadAllBytes(tsr), root, tsa);

            var (exit, output) = Verify(folder);
            Assert.True(exit == 0, output);
            Assert.Contains("message imprint matches", output, StringComparison.Ordinal);

            // A genuine token of the same authority, but for another ledger state.
            File.WriteAllBytes(tsr, tsa.TimestampHash(Convert.ToHexStringLower(SHA256.HashData("another ledger"u8))));
            (exit, output) = Verify(folder);
            Assert.NotEqual(0, exit);
            Assert.Contains("ledger/ledger-root.tsr: it timestamps", output, StringComparison.Ordinal);
            Assert.Contains("the token is for another ledger state", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_management_review_digest_archive_keeps_the_timestamp_of_its_anchored_root()
    {
        await using var tsa = await LoopbackTimestampAuthority.StartAsync();
        using var host = Host(tsa);

        var (status, _) = await host.SendAsync(HttpMethod.Post, "/api/management-reviews", ReviewHost.Alex);

        Assert.Equal(HttpStatusCode.Created, status);
        var digest = (await host.Get<IDigestArchive>().LatestAsync())!;
        var stamp = digest.LedgerTimestamp!;
        Assert.True(stamp.Obtained, stamp.Problem);
        Assert.Equal(digest.Ledger!.RootHash, stamp.RootHash);
        AssertTimestamps(stamp.Response!, digest.Ledger.RootHash, tsa);

        // The archived page carries it too, and the pack's verifier checks it against the digest's anchor.
        var folder = await ExportAsync(host);
        try
        {
            var (exit, output) = Verify(folder);
            Assert.True(exit == 0, output);
            var page = Directory.GetFiles(Path.Combine(folder, "evidence", "payloads"), "*.html").Select(File.ReadAllText).Single(p => p.Contains(digest.Ledger.RootHash, StringComparison.Ordinal));
            Assert.Contains("<code class=\"tsr\">" + Convert.ToBase64String(stamp.Response!), page, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_authority_answering_500_still_yields_a_pack_that_says_the_timestamp_is_missing()
    {
        await using var tsa = await LoopbackTimestampAuthority.StartAsync();
        tsa.FailWith = 500;
        using var host = Host(tsa);
        var folder = await ExportAsync(host);
        try
        {
            Assert.True(tsa.Requests > 0, "the authority was asked");
            var status = Json(folder, LedgerRootTimestampFiles.StatusPath);
            Assert.Equal(PackTimestampStatus.NotObtained, status.GetProperty("status").GetString());
            Assert.Contains("HTTP 500", status.GetProperty("problem").GetString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "ledger", "ledger-root.tsr")));
            Assert.Contains("could not be timestamped", File.ReadAllText(Path.Combine(folder, "index.html")), StringComparison.Ordinal);

            var (exit, output) = Verify(folder);
            Assert.True(exit == 0, output);
            Assert.Contains("no RFC 3161 timestamp of the root in this pack", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
