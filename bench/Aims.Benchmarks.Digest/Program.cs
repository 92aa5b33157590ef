using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Aims.Application.Reviews;
using Aims.Core.Reports;
using Aims.Core.Reviews;
using Aims.Core.Risks;

// Management review digest computation time over in-memory fakes of the ports: the builder's own cost (streaming counts,
// heatmap, trend, actions, reports), without storage latency. Not run by the test command: `dotnet run -c Release --project bench/Aims.Benchmarks`.
var now = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
var today = DateOnly.FromDateTime(now.UtcDateTime);
Console.WriteLine($"Management review digest computation ({Environment.ProcessorCount} cores, .NET {Environment.Version})");
Console.WriteLine("risks     | median ms | min ms | per 1k risks ms | card bytes");
foreach (var count in new[] { 1_000, 10_000, 100_000 })
{
    var risks = Synthetic.Risks(count, today);
    var items = Enumerable.Range(0, count / 100).Select(i => new LeadershipItem($"a{i}", "MR-1", i % 3 == 0 ? LeadershipItemKind.Decision : LeadershipItemKind.Action, $"Action {i}", "adele", "Adele", now.AddDays(-i % 90), "alex", today.AddDays((i % 60) - 30))).ToList();
    var reports = Enumerable.Range(0, count / 50).Select(i => new NonconformityReport { Id = $"NC-{i}", Title = "t", ReporterObjectId = "x", ReporterName = "X", Severity = (ReportSeverity)(i % 4), Status = (ReportStatus)(i % 2) }).ToList();
    var builder = new DigestBuilder(new Fakes.Risks(risks), new Fakes.Items(items), new Fakes.Reports(reports), new Fakes.Archive(), new Fakes.Coverage(), RiskMatrix.Default, new Fakes.Clock(now), [], [], [], [], [], []);
    for (var w = 0; w < 3; w++)
    {
        await builder.BuildAsync("bench");
    }

    var runs = count >= 100_000 ? 7 : 15;
    var times = new List<double>();
    ManagementReviewDigest? digest = null;
    for (var r = 0; r < runs; r++)
    {
        var sw = Stopwatch.StartNew();
        digest = await builder.BuildAsync("bench");
        sw.Stop();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    var median = times[times.Count / 2];
    var size = ManagementReviewDigestCard.Build(digest!, RiskMatrix.Default, [], [], id => id, true).GetSizeInBytes();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count,9} | {median,9:0.0} | {times[0],6:0.0} | {median / (count / 1000.0),15:0.00} | {size}"));
}

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
}

internal static class Fakes
{
    public sealed class Risks(List<Risk> risks) : IRiskRegister
    {
        public Task<string> NextIdAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<VersionedRisk?> GetAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<RiskPage> ListAsync(RiskQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<VersionedRisk> CreateAsync(Risk risk, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<VersionedRisk>> CreateAllAsync(IReadOnlyList<(Risk Risk, Aims.Core.Evidence.NewEvidence Owed)> risks, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<VersionedRisk> UpdateAsync(Risk risk, string expectedETag, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<VersionedRisk> UpdateOwingAsync(Risk risk, string expectedETag, Aims.Core.Evidence.NewEvidence owed, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<string> SettleAsync(string id, string expectedETag, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public IAsyncEnumerable<VersionedRisk> ListOwingAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public async IAsyncEnumerable<Risk> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            // Pages of 500, as the Table adapter streams them.
            for (var i = 0; i < risks.Count; i++)
            {
                if (i % 500 == 0) await Task.Yield();
                yield return risks[i];
            }
        }
    }

    public sealed class Items(List<LeadershipItem> items) : ILeadershipItems
    {
        public Task<bool> AddAsync(LeadershipItem item, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<LeadershipItem?> GetAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task UpdateAsync(LeadershipItem item, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public async IAsyncEnumerable<LeadershipItem> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var item in items) yield return item;
            await Task.CompletedTask;
        }
    }

    public sealed class Reports(List<NonconformityReport> reports) : IReportStore
    {
        public Task<string> NextIdAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<VersionedReport> CreateAsync(NonconformityReport report, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<VersionedReport?> GetAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<VersionedReport> UpdateAsync(NonconformityReport report, string expectedETag, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public async IAsyncEnumerable<NonconformityReport> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var report in reports) yield return report;
            await Task.CompletedTask;
        }
    }

    public sealed class Archive : IDigestArchive
    {
        public Task SaveAsync(ManagementReviewDigest digest, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task<ManagementReviewDigest?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult<ManagementReviewDigest?>(null);
        public Task<ManagementReviewDigest?> LatestAsync(CancellationToken cancellationToken = default) => Task.FromResult<ManagementReviewDigest?>(null);
        public Task<ManagementReviewDigest?> LatestReviewedAsync(CancellationToken cancellationToken = default) => Task.FromResult<ManagementReviewDigest?>(null);
    }

    public sealed class Coverage : IDigestCoverage
    {
        public Task<CoverageFigure?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult<CoverageFigure?>(new CoverageFigure(30, 70, 42.9));
    }

    public sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
