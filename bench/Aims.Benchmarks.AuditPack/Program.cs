using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Aims.Application.Evidence;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Microsoft.Extensions.Logging.Abstractions;

// Audit pack export with 1k, 10k and 100k evidence items from a synthetic store that computes items from their number (it holds
// nothing), so what grows with the item count is the exporter's own memory. Prints time, zip size, and the managed heap peak.
//   dotnet run -c Release --project bench/Aims.Benchmarks.AuditPack
Console.WriteLine($"Audit pack export ({Environment.ProcessorCount} cores, .NET {Environment.Version})");
Console.WriteLine("items   | seconds | zip MB | heap peak MB | allocated MB");
foreach (var count in new[] { 1_000, 10_000, 100_000 })
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    var store = new SyntheticEvidence(count);
    var exporter = new AuditPackExporter(store, [], [BenchSigner.Instance], NoTimestamps.Client, TimeProvider.System, NullLogger<AuditPackExporter>.Instance);
    var path = Path.Combine(Path.GetTempPath(), $"aims-bench-pack-{count}.zip");
    long peak = 0;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(false));
            await Task.Delay(20);
        }
    });
    var allocatedBefore = GC.GetTotalAllocatedBytes(true);
    var sw = Stopwatch.StartNew();
    await using (var file = File.Create(path))
    {
        await exporter.WriteAsync(file, CancellationToken.None);
    }

    sw.Stop();
    await sampling.CancelAsync();
    await sampler;
    var size = new FileInfo(path).Length;
    File.Delete(path);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{count,7} | {sw.Elapsed.TotalSeconds,7:0.0} | {size / 1048576.0,6:0.0} | {peak / 1048576.0,12:0.0} | {(GC.GetTotalAllocatedBytes(true) - allocatedBefore) / 1048576.0,12:0}"));
}

/// <summary>Signs in process with a key made for the run (the product signs with Key Vault, or the DevHost's development key).</summary>
/// <summary>No time-stamping authority: the benchmark measures the exporter, not a network call.</summary>
internal sealed class NoTimestamps : IHttpClientFactory
{
    public static TimestampAuthorityClient Client { get; } = new(new NoTimestamps(), Microsoft.Extensions.Options.Options.Create(new TimestampAuthorityOptions()), NullLogger<TimestampAuthorityClient>.Instance);

    public HttpClient CreateClient(string name) => throw new InvalidOperationException("No time-stamping authority in the benchmark.");
}

internal sealed class BenchSigner : IPackSigner
{
    private readonly System.Security.Cryptography.RSA _rsa = System.Security.Cryptography.RSA.Create(3072);

    public static BenchSigner Instance { get; } = new();

    public Task<PackSigningKey> GetPublicKeyAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(PackSigningKey.From("bench", _rsa.ExportParameters(false)));

    public Task<byte[]> SignDigestAsync(byte[] sha256Digest, CancellationToken cancellationToken = default) =>
        Task.FromResult(_rsa.SignHash(sha256Digest, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1));
}

/// <summary>An evidence store whose item n is computed from n: ids encode n, 12 clauses and 38 controls cycle, a ledger chains them.</summary>
internal sealed class SyntheticEvidence(int count) : IEvidenceStore
{
    private static readonly string[] Clauses = ["4.1", "4.3", "5.2", "5.3", "6.1.2", "6.1.3", "6.1.4", "7.2", "7.3", "8.2", "9.3", "10.2"];
    private static readonly string[] Controls = [.. Enumerable.Range(0, 38).Select(i => $"A.{2 + (i % 9)}.{2 + (i % 5)}")];
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Id(int n) => "sha256:" + n.ToString("x64", CultureInfo.InvariantCulture);

    private static int Number(string id) => int.Parse(id.AsSpan(7), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static byte[] Payload(int n) => Encoding.UTF8.GetBytes($"{{\"decision\":\"approved\",\"risk\":\"R-{n}\",\"comment\":\"Synthetic evidence item {n} for the export benchmark.\"}}");

    private static EvidenceItem Item(int n) => new(
        Id(n), EvidenceKind.RiskDecision, $"risk:R-{n}", new Actor("oid-" + (n % 50), "Person " + (n % 50)), Start.AddMinutes(n),
        [Clauses[n % Clauses.Length]], [Controls[n % Controls.Length]], $"corr-{n}", NewEvidence.JsonContentType, new string('a', 64), Payload(n).Length, $"Decision {n}");

    public Task<EvidenceItem> RecordAsync(NewEvidence evidence, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<EvidenceItem?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult<EvidenceItem?>(Item(Number(id)));

    public Task<Stream?> OpenPayloadAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult<Stream?>(new MemoryStream(Payload(Number(id))));

    public Task<EvidencePage> ListAsync(EvidenceQuery query, CancellationToken cancellationToken = default)
    {
        // Items of one clause or control, paged by a continuation token that is the next item number.
        var start = query.ContinuationToken is null ? 0 : int.Parse(query.ContinuationToken, CultureInfo.InvariantCulture);
        var items = new List<EvidenceItem>();
        var n = start;
        for (; n < count && items.Count < query.PageSize; n++)
        {
            if ((query.Clause is null || Clauses[n % Clauses.Length] == query.Clause) && (query.Control is null || Controls[n % Controls.Length] == query.Control))
            {
                items.Add(Item(n));
            }
        }

        return Task.FromResult(new EvidencePage(items, n < count ? n.ToString(CultureInfo.InvariantCulture) : null));
    }

    public Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new LedgerVerification(true, count, new string('f', 64), null, []));

    public Task<LedgerHead> GetRootHashAsync(CancellationToken cancellationToken = default) => Task.FromResult(new LedgerHead(count, new string('f', 64)));

    public async IAsyncEnumerable<LedgerEntry> ReadLedgerAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var previous = LedgerChain.GenesisHash;
        for (var n = 0; n < count; n++)
        {
            var hash = n.ToString("x64", CultureInfo.InvariantCulture);
            yield return new LedgerEntry(n + 1, Id(n), new string('a', 64), previous, hash, Start.AddMinutes(n));
            previous = hash;
            if (n % 1000 == 0)
            {
                await Task.Yield();
            }
        }
    }
}
