using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Aims.Application.Evidence;
using Aims.Benchmarks;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Infrastructure.Evidence;
using Aims.Infrastructure.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Audit pack export of 10k and 100k evidence items from Azurite (started from node_modules, in its memory), through the product's
// storage adapters (BlobEvidenceStore over TableLedger and TableEvidenceIndex) and the real AuditPackExporter, the zip streamed to
// a file. The items are written in bulk with the store's own rows and blobs (BulkSeeder), the last 100 of each count through the
// store's own RecordAsync, which appends them to that ledger (seeding is printed, not the measured figure). Each export runs in a
// child process of its own, so its peak working set is the export's alone; the pack is then unzipped into an empty folder and
// checked by its own verify.py, which must pass, and the store's own ledger verification in the export must find it intact.
//   dotnet run -c Release --project bench/Aims.Benchmarks.AuditPack -- [counts=10000,100000] [parallelism=16]
if (args is ["export", var connection, var packPath])
{
    await Measured.ReportAsync(async () =>
    {
        var exporter = new AuditPackExporter(Evidence.Store(connection), [], [BenchSigner.Instance], NoTimestamps.Client, TimeProvider.System, NullLogger<AuditPackExporter>.Instance);
        await using var file = File.Create(packPath);
        var summary = await exporter.WriteAsync(file, CancellationToken.None);
        return string.Create(CultureInfo.InvariantCulture, $"{summary.EvidenceItems} items, ledger intact {summary.LedgerIntact}");
    });
    return 0;
}

var counts = args.Length > 0 ? args[0].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
var parallelism = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
var seedingStart = DateTimeOffset.UtcNow;
const int RecordedOneByOne = 100;
Console.WriteLine($"Audit pack export from Azurite ({Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {Measured.LoadAverage()})");
// Azurite's node gets a larger old-space limit than its default (about 4 GB here), so a full heap is ruled out at 100,000 items
// (its resident memory was 1.9 GB at 43,000). AIMS_BENCH_AZURITE_NODE_OPTIONS replaces the options, e.g. to add --prof.
using var azurite = new Azurite("auditpack", inMemory: true, nodeOptions: Environment.GetEnvironmentVariable("AIMS_BENCH_AZURITE_NODE_OPTIONS") ?? "--max-old-space-size=12288");
var store = Evidence.Store(azurite.ConnectionString, provision: true);
var rows = new List<string>();
var exports = new List<Measurement>();
var seeded = 0;
foreach (var count in counts)
{
    var seeding = Stopwatch.StartNew();
    var seedingCpu = azurite.CpuTime;
    // In bulk (the store's rows and blobs, many per request) up to the last few, then those through the store's own RecordAsync,
    // which appends them to the ledger left by the bulk seeding (reading its head like any writer) and so checks that it is the store's.
    var recordedOneByOne = Math.Min(RecordedOneByOne, count - seeded);
    var bulk = Enumerable.Range(seeded, count - seeded - recordedOneByOne).Select(n => Evidence.Item(n, seedingStart)).ToList();
    var lastReport = 0;
    var seeder = new BulkSeeder(Evidence.Clients(azurite.ConnectionString), new EvidenceOptions(), parallelism, () => azurite.CpuTime);
    await seeder.SeedAsync(bulk, done =>
    {
        if (done - lastReport >= 10_000 || done == bulk.Count)
        {
            lastReport = done;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {seeded + done:N0} seeded after {seeding.Elapsed.TotalSeconds:0} s, Azurite working set {Measurement.Megabytes(azurite.WorkingSetBytes):0} MB"));
        }
    }, CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  Azurite processor: blobs {seeder.BlobsCpu.TotalSeconds:0.0} s, ledger {seeder.LedgerCpu.TotalSeconds:0.0} s, index and checkpoints {seeder.IndexCpu.TotalSeconds:0.0} s; output {azurite.Output}"));
    await Parallel.ForEachAsync(Enumerable.Range(count - recordedOneByOne, recordedOneByOne), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (n, ct) =>
        await store.RecordAsync(Evidence.Item(n, seedingStart), ct));
    seeding.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"seeded {count - seeded:N0} items (now {count:N0}; the last {recordedOneByOne} through RecordAsync) in {seeding.Elapsed.TotalSeconds:0.0} s ({(count - seeded) / seeding.Elapsed.TotalSeconds:0} items/s), Azurite {(azurite.CpuTime - seedingCpu).TotalSeconds:0} s processor, working set {Measurement.Megabytes(azurite.WorkingSetBytes):0} MB (peak {Measurement.Megabytes(azurite.PeakWorkingSetBytes):0} MB)"));
    seeded = count;

    var work = Directory.CreateTempSubdirectory("aims-bench-pack-");
    try
    {
        var pack = Path.Combine(work.FullName, "pack.zip");
        var azuriteBefore = azurite.CpuTime;
        var export = await Measured.RunChildAsync("export", azurite.ConnectionString, pack);
        var azuriteCpu = (azurite.CpuTime - azuriteBefore).TotalSeconds;
        var zipBytes = new FileInfo(pack).Length;
        var folder = Directory.CreateDirectory(Path.Combine(work.FullName, "unzipped"));
        await ZipFile.ExtractToDirectoryAsync(pack, folder.FullName);
        var (verifySeconds, verifyExit, verifyOutput) = await Evidence.VerifyAsync(folder.FullName);
        if (!export.Note.EndsWith("ledger intact True", StringComparison.Ordinal))
        {
            Console.WriteLine($"The store's own verification did not find the ledger intact: {export.Note}");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} items: export {export.Describe()}; Azurite {azuriteCpu:0.0} s processor ({export.Note}); verify.py {verifySeconds:0.0} s, exit {verifyExit}"));
        if (verifyExit != 0)
        {
            Console.WriteLine(verifyOutput);
            return 1;
        }

        rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"{count,7} | {export.Seconds,9:0.0} | {export.CpuSeconds,12:0.0} | {azuriteCpu,13:0.0} | {zipBytes / 1048576.0,6:0.0} | {Measurement.Megabytes(export.HeapPeakBytes),12:0.0} | {Measurement.Megabytes(export.PeakWorkingSetBytes),15:0.0} | {Measurement.Megabytes(export.AllocatedBytes),12:0} | {verifySeconds,9:0.0}"));
        exports.Add(export);
    }
    finally
    {
        work.Delete(recursive: true);
    }
}

Console.WriteLine();
Console.WriteLine("items   | export s  | export cpu s | Azurite cpu s | zip MB | heap peak MB | working set MB | allocated MB | verify s");
rows.ForEach(Console.WriteLine);
if (exports.Count > 1)
{
    Console.WriteLine(Measurement.Growth("items", counts[0], exports[0], counts[^1], exports[^1]));
}

return 0;

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

/// <summary>The evidence store over the benchmark's Azurite, and the synthetic items recorded into it.</summary>
internal static class Evidence
{
    private static readonly string[] Clauses = ["4.1", "4.3", "5.2", "5.3", "6.1.2", "6.1.3", "6.1.4", "7.2", "7.3", "8.2", "9.3", "10.2"];
    private static readonly string[] Controls = [.. Enumerable.Range(0, 38).Select(i => $"A.{2 + (i % 9)}.{2 + (i % 5)}")];
    private static readonly EvidenceKind[] Kinds = [EvidenceKind.RiskDecision, EvidenceKind.Attestation, EvidenceKind.RegisterChange, EvidenceKind.Notification];

    public static StorageClients Clients(string connection) => new(new StorageOptions { ConnectionString = connection });

    public static BlobEvidenceStore Store(string connection, bool provision = false)
    {
        var options = new EvidenceOptions();
        var clients = Clients(connection);
        if (provision)
        {
            var storage = new StorageOptions { ConnectionString = connection };
            storage.Tables.Add(options.LedgerTable);
            storage.Tables.Add(options.IndexTable);
            storage.Containers.Add(options.Container);
            new StorageProvisioner(clients, Options.Create(storage), NullLogger<StorageProvisioner>.Instance).StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        return new BlobEvidenceStore(clients, Options.Create(options), TimeProvider.System, NullLogger<BlobEvidenceStore>.Instance);
    }

    /// <summary>Item n: one clause and one control of the cycles above, its own subject and payload, recorded n ms after the start.</summary>
    public static NewEvidence Item(int n, DateTimeOffset start) => new(
        Kinds[n % Kinds.Length], $"risk:R-{n}", new Actor("oid-" + (n % 50), "Person " + (n % 50)),
        [Clauses[n % Clauses.Length]], [Controls[n % Controls.Length]], $"corr-{n}", $"Decision {n}",
        Encoding.UTF8.GetBytes($"{{\"decision\":\"approved\",\"risk\":\"R-{n}\",\"comment\":\"Synthetic evidence item {n} for the export benchmark.\"}}"),
        NewEvidence.JsonContentType, start.AddMilliseconds(n));

    /// <summary>Runs the pack's own verifier in the unzipped folder, as VERIFY.md tells an auditor to.</summary>
    public static async Task<(double Seconds, int ExitCode, string Output)> VerifyAsync(string folder)
    {
        var start = new ProcessStartInfo("python3") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-I");
        start.ArgumentList.Add("verify.py");
        var sw = Stopwatch.StartNew();
        using var python = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        sw.Stop();
        return (sw.Elapsed.TotalSeconds, python.ExitCode, await output + await errors);
    }
}
