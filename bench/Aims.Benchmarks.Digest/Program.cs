using System.Diagnostics;
using System.Globalization;
using Aims.Application.Reviews;
using Aims.Benchmarks;
using Aims.Core.Evidence;
using Aims.Core.Reports;
using Aims.Core.Reviews;
using Aims.Core.Risks;
using Aims.Infrastructure.Reviews;
using Aims.Infrastructure.Risks;
using Aims.Infrastructure.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Management review digest over Azurite (started from node_modules, in its memory) at 10k and 100k risks, with leadership items
// (risks / 100) and reports (risks / 50): the real DigestBuilder over the product's Table adapters (TableRiskRegister,
// TableLeadershipItems, TableReportStore, TableDigestArchive); coverage is fixed (the gap analysis is not what grows with the
// register). Seeded in table batch transactions through the register's own CreateAllAsync. Each build runs in a child process of
// its own (cold, as a scheduled run in a fresh host), so its peak working set is the build's alone; three builds per size.
//   dotnet run -c Release --project bench/Aims.Benchmarks.Digest -- [counts=10000,100000] [builds=3]
var now = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
var today = DateOnly.FromDateTime(now.UtcDateTime);
if (args is ["build", var connection])
{
    await Measured.ReportAsync(async () =>
    {
        var clients = new StorageClients(new StorageOptions { ConnectionString = connection });
        var builder = new DigestBuilder(new TableRiskRegister(clients), new TableLeadershipItems(clients), new TableReportStore(clients), new TableDigestArchive(clients),
            new FixedCoverage(), RiskMatrix.Default, new FixedClock(now), [], [], [], [], [], [], [], [], []);
        var digest = await builder.BuildAsync("bench");
        var size = ManagementReviewDigestCard.Build(digest, RiskMatrix.Default, [], [], id => id, Aims.Application.Workspace.WorkspaceLinks.None, true).GetSizeInBytes();
        return string.Create(CultureInfo.InvariantCulture, $"{digest.Risks.Total} risks, {digest.Reports.Open + digest.Reports.Closed} reports, card {size} bytes");
    });
    return 0;
}

var counts = args.Length > 0 ? args[0].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
var builds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
Console.WriteLine($"Management review digest over Azurite ({Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {Measured.LoadAverage()})");
using var azurite = new Azurite("digest", inMemory: true);
var storage = new StorageOptions { ConnectionString = azurite.ConnectionString };
foreach (var table in new[] { TableRiskRegister.TableName, TableLeadershipItems.TableName, TableReportStore.TableName, TableDigestArchive.TableName })
{
    storage.Tables.Add(table);
}

var clients = new StorageClients(storage);
await new StorageProvisioner(clients, Options.Create(storage), NullLogger<StorageProvisioner>.Instance).StartAsync(CancellationToken.None);
var register = new TableRiskRegister(clients);
var leadership = new TableLeadershipItems(clients);
var reportStore = new TableReportStore(clients);
var rows = new List<string>();
var medians = new List<Measurement>();
var azuriteSeconds = new Dictionary<int, double>();
var seeded = 0;
foreach (var count in counts)
{
    var seeding = Stopwatch.StartNew();
    // Settled rows (no evidence owed), a thousand risks per call: ten transactions of 100, several calls at once.
    var risks = Synthetic.Risks(count, today).Skip(seeded).ToList();
    await Parallel.ForEachAsync(risks.Chunk(1000), new ParallelOptions { MaxDegreeOfParallelism = 8 },
        async (chunk, ct) => await register.CreateAllAsync([.. chunk.Select(r => (r, (NewEvidence)null!))], ct));
    await Parallel.ForEachAsync(Enumerable.Range(seeded / 100, (count - seeded) / 100), new ParallelOptions { MaxDegreeOfParallelism = 16 },
        async (i, ct) => await leadership.AddAsync(Synthetic.Item(i, now, today), ct));
    await Parallel.ForEachAsync(Enumerable.Range(seeded / 50, (count - seeded) / 50), new ParallelOptions { MaxDegreeOfParallelism = 16 },
        async (i, ct) => await reportStore.CreateAsync(Synthetic.Report(i), ct));
    seeding.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"seeded {count - seeded:N0} risks, {(count - seeded) / 100:N0} leadership items, {(count - seeded) / 50:N0} reports (now {count:N0} risks) in {seeding.Elapsed.TotalSeconds:0.0} s"));
    seeded = count;

    var runs = new List<Measurement>();
    for (var b = 0; b < builds; b++)
    {
        var azuriteBefore = azurite.CpuTime;
        var run = await Measured.RunChildAsync("build", azurite.ConnectionString);
        var azuriteCpu = (azurite.CpuTime - azuriteBefore).TotalSeconds;
        azuriteSeconds[count] = Math.Max(azuriteSeconds.GetValueOrDefault(count), azuriteCpu);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count:N0} risks, build {b + 1}: {run.Describe()}; Azurite {azuriteCpu:0.00} s processor ({run.Note})"));
        runs.Add(run);
    }

    var median = runs.OrderBy(r => r.Seconds).ElementAt(runs.Count / 2);
    medians.Add(median);
    rows.Add(string.Create(CultureInfo.InvariantCulture,
        $"{count,9} | {median.Seconds,8:0.00} | {runs.Min(r => r.Seconds),5:0.00} | {median.CpuSeconds,13:0.00} | {azuriteSeconds[count],17:0.00} | {Measurement.Megabytes(runs.Max(r => r.HeapPeakBytes)),12:0.0} | {Measurement.Megabytes(runs.Max(r => r.PeakWorkingSetBytes)),15:0.0} | {Measurement.Megabytes(median.AllocatedBytes),12:0}"));
}

Console.WriteLine();
Console.WriteLine("risks     | median s | min s | builder cpu s | Azurite cpu s max | heap peak MB | working set MB | allocated MB");
rows.ForEach(Console.WriteLine);
if (medians.Count > 1)
{
    Console.WriteLine(Measurement.Growth("risks", counts[0], medians[0], counts[^1], medians[^1]));
}

return 0;

internal static class Synthetic
{
    public static List<Risk> Risks(int count, DateOnly today)
    {
        var random = new Random(42);
        var states = Enum.GetValues<ApprovalState>();
        var list = new List<Risk>(count);
        for (var n = 1; n <= count; n++)
        {
            var at = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-random.Next(0, 200));
            list.Add(new Risk
            {
                Id = $"R-{n}",
                AiSystemId = "ais-" + random.Next(20),
                Title = $"Synthetic risk {n}",
                OwnerObjectId = "owner-" + random.Next(5),
                Likelihood = random.Next(1, 6),
                Impact = random.Next(1, 6),
                ResidualLikelihood = random.Next(1, 6),
                ResidualImpact = random.Next(1, 6),
                State = states[random.Next(states.Length)],
                NextReviewDate = today.AddDays(random.Next(-10, 90)),
                Actions = [.. Enumerable.Range(0, random.Next(0, 4)).Select(a => new TreatmentAction($"Action {a}", "owner", today.AddDays(random.Next(-60, 60)), random.Next(3) == 0))],
                Decisions = [.. Enumerable.Range(0, random.Next(0, 3)).Select(d => new RiskDecision($"q{n}-{d}", ApprovalStage.RiskOwner, DecisionOutcome.Approved, "x", "X", [], null, at.AddDays(d * 10), ApprovalState.Submitted, ApprovalState.Approved, new RiskRating(1, 1, 1, RiskLevel.Low)))],
                CreatedAt = at,
                UpdatedAt = at,
            });
        }

        return list;
    }

    public static LeadershipItem Item(int i, DateTimeOffset now, DateOnly today) =>
        new($"a{i}", "MR-1", i % 3 == 0 ? LeadershipItemKind.Decision : LeadershipItemKind.Action, $"Action {i}", "adele", "Adele", now.AddDays(-i % 90), "alex", today.AddDays((i % 60) - 30));

    public static NonconformityReport Report(int i) =>
        new() { Id = $"NC-{i}", Title = "t", ReporterObjectId = "x", ReporterName = "X", Severity = (ReportSeverity)(i % 4), Status = (ReportStatus)(i % 2) };
}

internal sealed class FixedCoverage : IDigestCoverage
{
    public Task<CoverageFigure?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult<CoverageFigure?>(new CoverageFigure(30, 70, 42.9));
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
