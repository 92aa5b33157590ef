using System.Runtime.CompilerServices;
using Aims.Application.Reviews;
using Aims.Core.Reports;
using Aims.Core.Reviews;
using Aims.Core.Risks;

namespace Aims.Application.Tests.Reviews;

internal sealed class InMemoryRisks(IEnumerable<Risk> risks) : IRiskRegister
{
    private readonly List<Risk> _risks = [.. risks];

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
        foreach (var risk in _risks)
        {
            yield return risk;
        }

        await Task.CompletedTask;
    }
}

internal sealed class InMemoryItems : ILeadershipItems
{
    public List<LeadershipItem> Items { get; } = [];

    public Task<bool> AddAsync(LeadershipItem item, CancellationToken cancellationToken = default)
    {
        if (Items.Any(i => i.Id == item.Id)) return Task.FromResult(false);
        Items.Add(item);
        return Task.FromResult(true);
    }

    public Task<LeadershipItem?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Items.FirstOrDefault(i => i.Id == id));

    public Task UpdateAsync(LeadershipItem item, CancellationToken cancellationToken = default)
    {
        Items.RemoveAll(i => i.Id == item.Id);
        Items.Add(item);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<LeadershipItem> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in Items.ToList()) yield return item;
        await Task.CompletedTask;
    }
}

internal sealed class InMemoryReports(IEnumerable<NonconformityReport> reports) : IReportStore
{
    private readonly List<NonconformityReport> _reports = [.. reports];

    public Task<string> NextIdAsync(CancellationToken cancellationToken = default) => Task.FromResult($"NC-{_reports.Count + 1}");
    public Task<VersionedReport> CreateAsync(NonconformityReport report, CancellationToken cancellationToken = default) { _reports.Add(report); return Task.FromResult(new VersionedReport(report, "1")); }
    public Task<VersionedReport?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_reports.FirstOrDefault(r => r.Id == id) is { } r ? new VersionedReport(r, "1") : null);
    public Task<VersionedReport> UpdateAsync(NonconformityReport report, string expectedETag, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public async IAsyncEnumerable<NonconformityReport> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var r in _reports) yield return r;
        await Task.CompletedTask;
    }
}

internal sealed class InMemoryArchive : IDigestArchive
{
    public List<ManagementReviewDigest> Digests { get; } = [];

    public Task SaveAsync(ManagementReviewDigest digest, CancellationToken cancellationToken = default) { Digests.Add(digest); return Task.CompletedTask; }
    public Task<ManagementReviewDigest?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Digests.FirstOrDefault(d => d.Id == id));
    public Task<ManagementReviewDigest?> LatestAsync(CancellationToken cancellationToken = default) => Task.FromResult(Digests.OrderByDescending(d => d.At).FirstOrDefault());
    public Task<ManagementReviewDigest?> LatestReviewedAsync(CancellationToken cancellationToken = default) => Task.FromResult(Digests.Where(d => d.Reviewed).OrderByDescending(d => d.At).FirstOrDefault());
}

internal sealed class FixedCoverage(CoverageFigure? figure) : IDigestCoverage
{
    public Task<CoverageFigure?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(figure);
}

internal sealed class FixedTraining(params DepartmentCompletion[] rows) : ITrainingCompletionByDepartment
{
    public Task<IReadOnlyList<DepartmentCompletion>> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<DepartmentCompletion>>(rows);
}

/// <summary>A synthetic register: deterministic pseudo-random ratings, states, actions and dates.</summary>
internal static class SyntheticData
{
    public static readonly ApprovalState[] States = Enum.GetValues<ApprovalState>();

    public static List<Risk> Risks(int count, DateOnly today, int seed = 42)
    {
        var random = new Random(seed);
        var list = new List<Risk>(count);
        for (var n = 1; n <= count; n++)
        {
            var actions = Enumerable.Range(0, random.Next(0, 4))
                .Select(a => new TreatmentAction($"Action {a} of R-{n}", "owner-" + random.Next(5), today.AddDays(random.Next(-60, 60)), random.Next(3) == 0))
                .ToList();
            var at = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-random.Next(0, 200));
            list.Add(new Risk
            {
                Id = $"R-{n}",
                AiSystemId = "ais-" + random.Next(20),
                Title = $"Synthetic risk {n} <b>&amp;</b> [x](y)",
                OwnerObjectId = "owner-" + random.Next(5),
                Likelihood = random.Next(1, 6),
                Impact = random.Next(1, 6),
                ResidualLikelihood = random.Next(1, 6),
                ResidualImpact = random.Next(1, 6),
                State = States[random.Next(States.Length)],
                NextReviewDate = random.Next(4) == 0 ? null : today.AddDays(random.Next(-10, 90)),
                Actions = actions,
                Decisions = [.. Enumerable.Range(0, random.Next(0, 3)).Select(d => new RiskDecision($"q{n}-{d}", ApprovalStage.RiskOwner, d == 0 ? DecisionOutcome.Submitted : DecisionOutcome.Approved, "x", "X", [], null, at.AddDays(d * 10), ApprovalState.Draft, ApprovalState.Submitted, new RiskRating(1, 1, 1, RiskLevel.Low)))],
                CreatedAt = at,
                UpdatedAt = at,
            });
        }

        return list;
    }
}
