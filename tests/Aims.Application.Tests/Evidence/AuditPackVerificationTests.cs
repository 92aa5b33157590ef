using System.IO.Compression;
using System.Net;
using Aims.Application.Demo;
using Aims.Application.Tests.Deployment;
using Aims.Application.Tests.Reviews;

namespace Aims.Application.Tests.Evidence;

/// <summary>
/// The audit pack verifies itself: unzipped into an empty folder, its own verify.py (Python's standard library, no network)
/// passes on the demo organisation's pack and fails, naming the item, for every kind of tampering an auditor must catch.
/// </summary>
public sealed class AuditPackVerificationTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private readonly ReviewHost _host;
    private readonly Lazy<byte[]> _pack;

    public AuditPackVerificationTests(DedicatedAzurite azurite)
    {
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        _host.Get<DemoSeeder>().SeedAsync(CancellationToken.None).GetAwaiter().GetResult();
        // A management review digest, whose archive anchors the ledger head at that moment.
        var (status, _) = _host.SendAsync(HttpMethod.Post, "/api/management-reviews", ReviewHost.Alex).GetAwaiter().GetResult();
        Assert.Equal(HttpStatusCode.Created, status);
        _pack = new Lazy<byte[]>(() => ExportAsync().GetAwaiter().GetResult());
    }

    public void Dispose() => _host.Dispose();

    private async Task<byte[]> ExportAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/audit-pack", UriKind.Relative));
        request.Headers.Add("X-Aims-User", ReviewHost.Isaiah);
        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The pack unzipped into a new empty folder.</summary>
    private string Unzip()
    {
        var folder = Path.Combine(Path.GetTempPath(), "aims-pack-" + Guid.NewGuid().ToString("N"));
        ZipFile.ExtractToDirectory(new MemoryStream(_pack.Value), folder);
        return folder;
    }

    private static (int Exit, string Output) Verify(string folder) => Script.Run("python3", ["-I", "verify.py"], workingDirectory: folder);

    private static string[] LedgerLines(string folder) => File.ReadAllLines(Path.Combine(folder, "ledger", "ledger.csv"));

    private static string Field(string line, int index) => line.Split(',')[index];

    private static void FlipByte(string path, int offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    private void InFolder(Action<string> tamper, Action<int, string> check)
    {
        var folder = Unzip();
        try
        {
            tamper(folder);
            var (exit, output) = Verify(folder);
            check(exit, output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_demo_pack_verifies_on_its_own()
    {
        InFolder(_ => { }, (exit, output) =>
        {
            Assert.True(exit == 0, output);
            Assert.Contains("INTACT", output, StringComparison.Ordinal);
            Assert.Contains("1 management review digest anchor(s) checked", output, StringComparison.Ordinal);
            Assert.Contains("Signed by key development:", output, StringComparison.Ordinal);
        });
        var folder = Unzip();
        try
        {
            Assert.True(File.Exists(Path.Combine(folder, "VERIFY.md")));
            Assert.True(LedgerLines(folder).Length > 10, "the demo has evidence");
            Assert.EndsWith("Z", Field(LedgerLines(folder)[1], 5), StringComparison.Ordinal); // one time format, as hashed
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_changed_payload_byte_is_named_by_its_item()
    {
        string item = string.Empty;
        InFolder(folder =>
        {
            item = Field(LedgerLines(folder)[2], 1);
            var hex = item["sha256:".Length..];
            FlipByte(Directory.GetFiles(Path.Combine(folder, "evidence", "payloads"), hex + ".*").Single(), 0);
        }, (exit, output) =>
        {
            Assert.NotEqual(0, exit);
            Assert.Contains(item, output, StringComparison.Ordinal);
            Assert.Contains("payload was altered", output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_changed_envelope_byte_is_named_by_its_item()
    {
        string item = string.Empty;
        InFolder(folder =>
        {
            item = Field(LedgerLines(folder)[3], 1);
            FlipByte(Path.Combine(folder, "evidence", "envelopes", item["sha256:".Length..] + ".json"), 10);
        }, (exit, output) =>
        {
            Assert.NotEqual(0, exit);
            Assert.Contains(item, output, StringComparison.Ordinal);
            Assert.Contains("envelope was altered", output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_changed_ledger_line_is_named_by_its_entry()
    {
        InFolder(folder =>
        {
            var lines = LedgerLines(folder);
            var cells = lines[4].Split(',');
            cells[5] = cells[5].Replace("2026", "2025", StringComparison.Ordinal); // the entry's time
            lines[4] = string.Join(',', cells);
            File.WriteAllLines(Path.Combine(folder, "ledger", "ledger.csv"), lines);
        }, (exit, output) =>
        {
            Assert.NotEqual(0, exit);
            Assert.Contains("ledger entry 4 ", output, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)] // the last one: the chain still links, but the root no longer matches
    public void A_deleted_ledger_line_is_caught(int line)
    {
        InFolder(folder =>
        {
            var lines = LedgerLines(folder).ToList();
            lines.RemoveAt(line < 0 ? lines.Count - 1 : line);
            File.WriteAllLines(Path.Combine(folder, "ledger", "ledger.csv"), lines);
        }, (exit, output) =>
        {
            Assert.NotEqual(0, exit);
            Assert.Contains(line < 0 ? "root" : "ledger entry 3 ", output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Two_swapped_ledger_lines_are_caught()
    {
        InFolder(folder =>
        {
            var lines = LedgerLines(folder);
            (lines[2], lines[3]) = (lines[3], lines[2]);
            File.WriteAllLines(Path.Combine(folder, "ledger", "ledger.csv"), lines);
        }, (exit, output) =>
        {
            Assert.NotEqual(0, exit);
            Assert.Contains("ledger entry 3 ", output, StringComparison.Ordinal);
            Assert.Contains("removed, inserted or moved", output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_ledger_rebuilt_consistently_without_an_entry_is_caught_by_the_digest_anchor()
    {
        InFolder(folder =>
        {
            // A forger removes entry 2 and re-chains everything after it, so every link and the stated root agree again.
            var lines = LedgerLines(folder).ToList();
            lines.RemoveAt(2);
            var previous = Field(lines[1], 4);
            for (var i = 2; i < lines.Count; i++)
            {
                var c = lines[i].Split(',');
                var sequence = i;
                var recordedAt = DateTimeOffset.Parse(c[5], System.Globalization.CultureInfo.InvariantCulture);
                var hash = Aims.Core.Evidence.LedgerChain.ComputeEntryHash(sequence, c[1], c[2], previous, recordedAt);
                lines[i] = string.Join(',', sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), c[1], c[2], previous, hash, c[5]);
                previous = hash;
            }

            File.WriteAllLines(Path.Combine(folder, "ledger", "ledger.csv"), lines);
            var readme = Path.Combine(folder, "README.json");
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(readme))!;
            json["rootHash"] = previous;
            File.WriteAllText(readme, json.ToJsonString());
        }, (exit, output) =>
        {
            Assert.NotEqual(0, exit);
            Assert.Contains("it anchored entry", output, StringComparison.Ordinal);
            Assert.DoesNotContain("links to", output, StringComparison.Ordinal); // the chain itself was made consistent
        });
    }

    [Fact]
    public async Task The_pack_is_signed_with_the_key_the_app_publishes()
    {
        var (status, key) = await _host.SendAsync(HttpMethod.Get, "/api/audit-pack/signing-key", ReviewHost.Lynne);
        Assert.Equal(HttpStatusCode.OK, status);
        var fingerprint = key.GetProperty("fingerprint").GetString()!;
        InFolder(_ => { }, (exit, output) =>
        {
            Assert.True(exit == 0, output);
            Assert.Contains($"fingerprint {fingerprint}", output, StringComparison.Ordinal);
        });

        // Independently of verify.py: the signature checks with .NET's RSA over the manifest bytes, and the manifest lists index.html.
        var folder = Unzip();
        try
        {
            using var rsa = System.Security.Cryptography.RSA.Create();
            rsa.ImportFromPem(File.ReadAllText(Path.Combine(folder, "signing-key.pem")));
            var manifest = File.ReadAllBytes(Path.Combine(folder, "manifest.sha256"));
            Assert.True(rsa.VerifyData(manifest, File.ReadAllBytes(Path.Combine(folder, "manifest.sig")), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1));
            var index = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "index.html"))));
            Assert.Contains($"{index}  index.html\n", System.Text.Encoding.UTF8.GetString(manifest), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_file_added_after_signing_is_caught()
    {
        InFolder(folder => File.WriteAllText(Path.Combine(folder, "registers", "extra.csv"), "id\nforged\n"), (exit, output) =>
        {
            Assert.NotEqual(0, exit);
            Assert.Contains("file registers/extra.csv: not in the signed manifest", output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_register_changed_after_signing_is_caught()
    {
        InFolder(folder => File.AppendAllText(Path.Combine(folder, "registers", "risks", "risks.csv"), "R-999,forged\n"), (exit, output) =>
        {
            Assert.NotEqual(0, exit);
            Assert.Contains("file registers/risks/risks.csv: changed after the pack was signed", output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_manifest_rewritten_to_match_a_change_fails_its_signature()
    {
        InFolder(folder =>
        {
            var csv = Path.Combine(folder, "registers", "risks", "risks.csv");
            File.AppendAllText(csv, "R-999,forged\n");
            var manifest = Path.Combine(folder, "manifest.sha256");
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(csv)));
            File.WriteAllLines(manifest, File.ReadAllLines(manifest).Select(l => l.EndsWith("  registers/risks/risks.csv", StringComparison.Ordinal) ? $"{hash}  registers/risks/risks.csv" : l));
        }, (exit, output) =>
        {
            Assert.NotEqual(0, exit);
            Assert.Contains("manifest.sig does not verify", output, StringComparison.Ordinal);
            Assert.DoesNotContain("risks.csv: changed", output, StringComparison.Ordinal);
        });
    }
}
