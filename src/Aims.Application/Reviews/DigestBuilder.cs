using Aims.Core.Evidence;
using Aims.Core.Gaps;
using Aims.Core.Reports;
using Aims.Core.Reviews;
using Aims.Core.Risks;

namespace Aims.Application.Reviews;

/// <summary>Gap analysis coverage for the digest (9.3.2 d, monitoring and measurement results).</summary>
public interface IDigestCoverage
{
    Task<CoverageFigure?> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>Coverage from the gap analysis (evidence within each item's review period).</summary>
public sealed class GapAnalysisCoverage(GapAnalyzer analyzer) : IDigestCoverage
{
    public async Task<CoverageFigure?> GetAsync(CancellationToken cancellationToken = default)
    {
        var report = await analyzer.AnalyseAsync(cancellationToken);
        return new CoverageFigure(report.Overall.Covered, report.Overall.Total, report.Overall.Percent);
    }
}

/// <summary>
/// Computes the clause 9.3.2 inputs of a management review from the stores. Everything it only counts is streamed
/// (risks, reports, leadership items): memory stays flat however large the register grows; only the few lines a digest
/// shows (open actions, recent decisions, opportunities) are kept.
/// </summary>
public sealed class DigestBuilder(
    IRiskRegister risks,
    ILeadershipItems items,
    IReportStore reports,
    IDigestArchive archive,
    IDigestCoverage coverage,
    RiskMatrix matrix,
    TimeProvider time,
    IEnumerable<IInterestedPartyChangesSource> interestedParties,
    IEnumerable<IAuditResultsSource> auditResults,
    IEnumerable<ITrainingCompletionByDepartment> training,
    IEnumerable<IObjectiveTrendsSource> objectiveTrends,
    IEnumerable<IDocumentsPastReviewSource> documentsPastReview,
    IEnumerable<IEvidenceStore> evidence,
    IEnumerable<IImpactAssessmentStatusSource> impactAssessments,
    IEnumerable<ISoaChangesSource> soaChanges,
    IEnumerable<ISupplierReviewResultsSource> supplierReviews)
{
    public const int MaxLines = 10;
    public const int ExpiryWindowDays = 30;

    public async Task<ManagementReviewDigest> BuildAsync(string requestedBy, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // The previous review is the last digest top management received: one that reached nobody is not a review, so this
        // digest covers the whole period since the last delivered one.
        var previous = await archive.LatestReviewedAsync(cancellationToken);
        var id = "MR-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];

        var riskFigures = await RiskFiguresAsync(today, previous, cancellationToken);
        var actions = await ActionsAsync(today, cancellationToken);
        var reportFigures = await ReportsAsync(today, previous, cancellationToken);
        var since = previous?.At;

        return new ManagementReviewDigest(
            id,
            now,
            requestedBy,
            previous?.Id,
            previous?.At,
            actions.Status,
            interestedParties.FirstOrDefault() is { } ip ? await ip.ChangesSinceAsync(since, cancellationToken) : null,
            riskFigures,
            await coverage.GetAsync(cancellationToken),
            reportFigures,
            auditResults.FirstOrDefault() is { } audits ? await audits.ResultsSinceAsync(since, cancellationToken) : null,
            training.FirstOrDefault() is { } t ? await t.GetAsync(cancellationToken) : null,
            actions.Opportunities,
            objectiveTrends.FirstOrDefault() is { } o ? await o.TrendsSinceAsync(since, cancellationToken) : null,
            documentsPastReview.FirstOrDefault() is { } d ? await d.PastReviewAsync(cancellationToken) : null,
            // The ledger head at this moment, printed on the card and kept in the archive: an anchor the organisation cannot
            // quietly rewrite, since top management received it and an auditor can compare it with any later pack.
            Ledger: evidence.LastOrDefault() is { } store ? await store.GetRootHashAsync(cancellationToken) : null,
            ImpactAssessments: impactAssessments.FirstOrDefault() is { } ia ? await ia.StatusAsync(cancellationToken) : null,
            SoaChanges: soaChanges.FirstOrDefault() is { } soa ? await soa.ChangesSinceApprovalAsync(cancellationToken) : null,
            SupplierReviews: supplierReviews.FirstOrDefault() is { } suppliers ? await suppliers.ResultsSinceAsync(since, cancellationToken) : null);
    }

    private async Task<RiskFigures> RiskFiguresAsync(DateOnly today, ManagementReviewDigest? previous, CancellationToken cancellationToken)
    {
        var heat = new int[RiskMatrix.Size, RiskMatrix.Size];
        var levels = new int[4];
        int total = 0, overdue = 0, accepted = 0, expiring = 0, pending = 0, decisions = 0;
        var expiryLimit = today.AddDays(ExpiryWindowDays);
        var since = previous?.At ?? DateTimeOffset.MinValue;
        await foreach (var risk in risks.ListSummariesAsync(cancellationToken))
        {
            total++;
            if (RiskMatrix.IsOnScale(risk.ResidualLikelihood) && RiskMatrix.IsOnScale(risk.ResidualImpact))
            {
                heat[risk.ResidualLikelihood - 1, risk.ResidualImpact - 1]++;
                levels[(int)matrix.LevelAt(risk.ResidualLikelihood, risk.ResidualImpact)]++;
            }

            overdue += risk.OpenActionDueDates.Count(due => due < today);
            if (risk.State == ApprovalState.Accepted)
            {
                accepted++;
                if (risk.NextReviewDate is { } due && due <= expiryLimit)
                {
                    expiring++;
                }
            }

            if (RiskWorkflow.IsPending(risk.State))
            {
                pending++;
            }

            decisions += risk.DecisionTimes.Count(at => at > since);
        }

        var grid = Enumerable.Range(0, RiskMatrix.Size).Select(l => (IReadOnlyList<int>)Enumerable.Range(0, RiskMatrix.Size).Select(i => heat[l, i]).ToArray()).ToArray();
        return new RiskFigures(total, new LevelCounts(levels[0], levels[1], levels[2], levels[3]), previous?.Risks.ByResidualLevel, grid, overdue, accepted, expiring, pending, decisions);
    }

    private async Task<(PreviousActionStatus Status, IReadOnlyList<string> Opportunities)> ActionsAsync(DateOnly today, CancellationToken cancellationToken)
    {
        int open = 0, done = 0, overdueCount = 0, decisionCount = 0;
        var openLines = new List<ActionLine>();
        var decisions = new List<LeadershipItem>();
        var opportunities = new List<LeadershipItem>();
        await foreach (var item in items.ListAllAsync(cancellationToken))
        {
            switch (item.Kind)
            {
                case LeadershipItemKind.Action:
                    if (item.Status == LeadershipItemStatus.Done)
                    {
                        done++;
                        break;
                    }

                    var overdue = item.IsOverdue(today);
                    if (overdue) overdueCount++; else open++;
                    openLines.Add(new ActionLine(item.Id, item.Text, item.OwnerObjectId, item.DueDate, overdue));
                    if (openLines.Count > MaxLines * 4)
                    {
                        Trim(openLines);
                    }

                    break;
                case LeadershipItemKind.Decision:
                    decisionCount++;
                    decisions.Add(item);
                    if (decisions.Count > MaxLines * 4)
                    {
                        decisions = decisions.OrderByDescending(d => d.At).Take(5).ToList();
                    }

                    break;
                case LeadershipItemKind.Opportunity when item.Status == LeadershipItemStatus.Open:
                    opportunities.Add(item);
                    if (opportunities.Count > MaxLines * 4)
                    {
                        opportunities = opportunities.OrderByDescending(o => o.At).Take(MaxLines).ToList();
                    }

                    break;
            }
        }

        Trim(openLines);
        var recent = decisions.OrderByDescending(d => d.At).Take(5).Select(d => $"{d.At:yyyy-MM-dd}: {d.Text} ({d.ByName})").ToList();
        return (new PreviousActionStatus(open, done, overdueCount, decisionCount, openLines, recent),
            opportunities.OrderByDescending(o => o.At).Take(MaxLines).Select(o => o.Text).ToList());
    }

    // Overdue first, then by due date: the lines leadership must see.
    private static void Trim(List<ActionLine> lines)
    {
        var keep = lines.OrderByDescending(l => l.Overdue).ThenBy(l => l.DueDate ?? DateOnly.MaxValue).ThenBy(l => l.Id, StringComparer.Ordinal).Take(MaxLines).ToList();
        lines.Clear();
        lines.AddRange(keep);
    }

    private async Task<ReportFigures> ReportsAsync(DateOnly today, ManagementReviewDigest? previous, CancellationToken cancellationToken)
    {
        var open = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var closed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int openCount = 0, closedCount = 0, opened = 0, closedInPeriod = 0, actionsOpen = 0, actionsOverdue = 0;
        var since = previous?.At ?? DateTimeOffset.MinValue;
        await foreach (var report in reports.ListAllAsync(cancellationToken))
        {
            var key = report.Severity?.ToString() ?? "Unrated";
            var isClosed = report.Status == ReportStatus.Closed;
            var target = isClosed ? closed : open;
            target[key] = target.GetValueOrDefault(key) + 1;
            if (isClosed) closedCount++; else openCount++;
            if (report.CreatedAt > since) opened++;
            if (isClosed && report.ClosedAt > since) closedInPeriod++;
            if (report.CorrectiveActionRecord is { CompletedAt: null } action)
            {
                actionsOpen++;
                if (action.IsOverdue(today)) actionsOverdue++;
            }
        }

        return new ReportFigures(openCount, closedCount, open, closed, opened, closedInPeriod, previous?.Reports.Open, actionsOpen, actionsOverdue);
    }
}
