using Aims.Application.Reviews;
using Aims.Application.Tests.Cards;
using Aims.Application.Workspace;
using Aims.Core.Reports;
using Aims.Core.Reviews;
using Aims.Core.Risks;
using Aims.Teams.Cards;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Reviews;

/// <summary>Every digest figure against a seeded data set whose expected numbers are computed here, independently of the builder.</summary>
public sealed class DigestBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    // The default matrix's score bands, written out again: 1-4 Low, 5-9 Medium, 10-16 High, 20-25 Critical.
    private static RiskLevel Band(int l, int i) => (l * i) switch { <= 4 => RiskLevel.Low, <= 9 => RiskLevel.Medium, <= 16 => RiskLevel.High, _ => RiskLevel.Critical };

    private static DigestBuilder Builder(IRiskRegister risks, ILeadershipItems items, IReportStore reports, IDigestArchive archive, TimeProvider time, IEnumerable<ITrainingCompletionByDepartment>? training = null) =>
        new(risks, items, reports, archive, new FixedCoverage(new CoverageFigure(7, 20, 35.0)), RiskMatrix.Default, time, [], [], training ?? [], [], [], [], [], [], []);

    [Fact]
    public async Task Risk_figures_match_an_independent_count_of_the_seeded_register()
    {
        var risks = SyntheticData.Risks(2_000, Today);
        var builder = Builder(new InMemoryRisks(risks), new InMemoryItems(), new InMemoryReports([]), new InMemoryArchive(), new FakeTimeProvider(Now));

        var digest = await builder.BuildAsync("Alex Wilber");

        var r = digest.Risks;
        Assert.Equal(2_000, r.Total);
        foreach (var level in Enum.GetValues<RiskLevel>())
        {
            Assert.Equal(risks.Count(x => Band(x.ResidualLikelihood, x.ResidualImpact) == level), r.ByResidualLevel[level]);
        }

        for (var l = 1; l <= 5; l++)
        {
            for (var i = 1; i <= 5; i++)
            {
                Assert.Equal(risks.Count(x => x.ResidualLikelihood == l && x.ResidualImpact == i), r.At(l, i));
            }
        }

        Assert.Equal(risks.SelectMany(x => x.Actions).Count(a => !a.Done && a.DueDate < Today), r.OverdueTreatmentActions);
        Assert.Equal(risks.Count(x => x.State == ApprovalState.Accepted), r.Accepted);
        Assert.Equal(risks.Count(x => x.State == ApprovalState.Accepted && x.NextReviewDate is { } d && d <= Today.AddDays(30)), r.AcceptancesExpiringWithin30Days);
        Assert.Equal(risks.Count(x => x.State is ApprovalState.Submitted or ApprovalState.AcceptancePendingTopManagement), r.PendingApprovals);
        Assert.Equal(risks.SelectMany(x => x.Decisions).Count(d => d.Outcome != DecisionOutcome.Submitted), r.DecisionsInPeriod);
        Assert.Null(r.PreviousByResidualLevel);
        Assert.Equal(new CoverageFigure(7, 20, 35.0), digest.Coverage);
    }

    [Fact]
    public async Task Nonconformities_trend_against_the_previous_review_with_open_and_overdue_corrective_actions()
    {
        var clock = new FakeTimeProvider(Now);
        var archive = new InMemoryArchive();
        CorrectiveActionRecord Action(DateOnly due, bool completed) =>
            new("Unvalidated data", "Add a validation step", "megan", due, "alex", "Alex", Now.AddDays(-30)) { CompletedAt = completed ? Now.AddDays(-1) : null };
        NonconformityReport Report(string id, DateTimeOffset created, DateTimeOffset? closed = null, CorrectiveActionRecord? action = null) => new()
        {
            Id = id, Title = id, ReporterObjectId = "x", ReporterName = "X", CreatedAt = created, ClosedAt = closed,
            Status = closed is null ? ReportStatus.Open : ReportStatus.Closed, CorrectiveActionRecord = action,
        };

        // At the previous review: two open.
        var before = new List<NonconformityReport> { Report("NC-1", Now.AddDays(-100)), Report("NC-2", Now.AddDays(-95)) };
        await archive.SaveAsync(await Builder(new InMemoryRisks([]), new InMemoryItems(), new InMemoryReports(before), archive, clock).BuildAsync("a"));
        clock.Advance(TimeSpan.FromDays(90));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        // Since then: NC-1 closed, three opened (one of them closed again); corrective actions: one overdue, one due later, one done.
        var after = new List<NonconformityReport>
        {
            Report("NC-1", Now.AddDays(-100), closed: clock.GetUtcNow().AddDays(-10), action: Action(today.AddDays(-20), completed: true)),
            Report("NC-2", Now.AddDays(-95), action: Action(today.AddDays(-3), completed: false)),
            Report("NC-3", clock.GetUtcNow().AddDays(-40), action: Action(today.AddDays(14), completed: false)),
            Report("NC-4", clock.GetUtcNow().AddDays(-20)),
            Report("NC-5", clock.GetUtcNow().AddDays(-15), closed: clock.GetUtcNow().AddDays(-2)),
        };
        var digest = await Builder(new InMemoryRisks([]), new InMemoryItems(), new InMemoryReports(after), archive, clock).BuildAsync("a");

        var r = digest.Reports;
        Assert.Equal((3, 2), (r.Open, r.Closed));
        Assert.Equal(3, r.OpenedInPeriod);
        Assert.Equal(2, r.ClosedInPeriod);
        Assert.Equal(2, r.OpenAtPreviousReview);
        Assert.Equal(2, r.CorrectiveActionsOpen);
        Assert.Equal(1, r.CorrectiveActionsOverdue);
        var card = ManagementReviewDigestCard.Build(digest, RiskMatrix.Default, [], [], id => id, Aims.Application.Workspace.WorkspaceLinks.None, true).ToJson();
        Assert.Contains("3 opened, 2 closed; open now 3 (up 1)", card, StringComparison.Ordinal);
        Assert.Contains("2 open, 1 overdue", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trend_compares_with_the_previous_digest_and_decisions_count_only_since_it()
    {
        var clock = new FakeTimeProvider(Now);
        var archive = new InMemoryArchive();
        var first = SyntheticData.Risks(300, Today, seed: 1);
        var firstDigest = await Builder(new InMemoryRisks(first), new InMemoryItems(), new InMemoryReports([]), archive, clock).BuildAsync("a");
        await archive.SaveAsync(firstDigest);
        clock.Advance(TimeSpan.FromDays(90));
        var second = SyntheticData.Risks(450, Today, seed: 2);

        var digest = await Builder(new InMemoryRisks(second), new InMemoryItems(), new InMemoryReports([]), archive, clock).BuildAsync("a");

        Assert.Equal(firstDigest.Id, digest.PreviousId);
        Assert.Equal(firstDigest.Risks.ByResidualLevel, digest.Risks.PreviousByResidualLevel);
        Assert.Equal(second.SelectMany(x => x.Decisions).Count(d => d.Outcome != DecisionOutcome.Submitted && d.At > firstDigest.At), digest.Risks.DecisionsInPeriod);
        var card = ManagementReviewDigestCard.Build(digest, RiskMatrix.Default, [], [], id => id, WorkspaceLinks.None, true).ToJson();
        // The critical count and its trend, counted from the two registers and written out here, not by the card's own helper.
        var now = second.Count(x => Band(x.ResidualLikelihood, x.ResidualImpact) == RiskLevel.Critical);
        var before = first.Count(x => Band(x.ResidualLikelihood, x.ResidualImpact) == RiskLevel.Critical);
        Assert.Equal(before, firstDigest.Risks.ByResidualLevel[RiskLevel.Critical]);
        var trend = now == before ? $"{now} (unchanged)" : $"{now} ({(now > before ? "up" : "down")} {Math.Abs(now - before)})";
        Assert.Contains(trend, card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Previous_actions_reports_opportunities_and_extension_points()
    {
        var items = new InMemoryItems();
        items.Items.AddRange(
        [
            new LeadershipItem("a1", "MR-1", LeadershipItemKind.Action, "Fund a bias audit", "adele", "Adele", Now.AddDays(-40), "alex", Today.AddDays(-1)),
            new LeadershipItem("a2", "MR-1", LeadershipItemKind.Action, "Hire an AI ethicist", "adele", "Adele", Now.AddDays(-40), "alex", Today.AddDays(10)),
            new LeadershipItem("a3", "MR-1", LeadershipItemKind.Action, "Publish AI policy", "adele", "Adele", Now.AddDays(-40), "alex", Today.AddDays(-5), LeadershipItemStatus.Done, Now.AddDays(-6)),
            new LeadershipItem("d1", "MR-1", LeadershipItemKind.Decision, "Stop the CV screening pilot", "adele", "Adele", Now.AddDays(-40)),
            new LeadershipItem("k1", "MR-1", LeadershipItemKind.Acknowledgement, "Acknowledged", "adele", "Adele", Now.AddDays(-40)),
            new LeadershipItem("o1", "none", LeadershipItemKind.Opportunity, "Automate evidence capture", "alex", "Alex", Now.AddDays(-3)),
        ]);
        NonconformityReport Report(string id, ReportSeverity? severity, ReportStatus status) => new() { Id = id, Title = id, ReporterObjectId = "x", ReporterName = "X", Severity = severity, Status = status };
        var reports = new InMemoryReports([Report("NC-1", ReportSeverity.High, ReportStatus.Open), Report("NC-2", ReportSeverity.High, ReportStatus.Open), Report("NC-3", null, ReportStatus.Open), Report("NC-4", ReportSeverity.Low, ReportStatus.Closed)]);

        var digest = await Builder(new InMemoryRisks([]), items, reports, new InMemoryArchive(), new FakeTimeProvider(Now), [new FixedTraining(new DepartmentCompletion("Data Science", 3, 4))]).BuildAsync("a");

        Assert.Equal(new PreviousActionStatus(1, 1, 1, 1, digest.PreviousActions.OpenActions, digest.PreviousActions.RecentDecisions), digest.PreviousActions);
        Assert.Equal(["a1", "a2"], digest.PreviousActions.OpenActions.Select(a => a.Id));
        Assert.True(digest.PreviousActions.OpenActions[0].Overdue);
        Assert.Contains("Stop the CV screening pilot", Assert.Single(digest.PreviousActions.RecentDecisions), StringComparison.Ordinal);
        Assert.Equal(["Automate evidence capture"], digest.Opportunities);
        Assert.Equal(3, digest.Reports.Open);
        Assert.Equal(1, digest.Reports.Closed);
        Assert.Equal(2, digest.Reports.OpenBySeverity["High"]);
        Assert.Equal(1, digest.Reports.OpenBySeverity["Unrated"]);
        Assert.Equal(1, digest.Reports.ClosedBySeverity["Low"]);
        Assert.Null(digest.InterestedPartyChanges);
        Assert.Null(digest.AuditResults);
        Assert.Equal("Data Science", Assert.Single(digest.TrainingByDepartment!).Department);
        var json = ManagementReviewDigestCard.Build(digest, RiskMatrix.Default, [], [], id => id, WorkspaceLinks.None, true).ToJson();
        Assert.Contains("no data", json, StringComparison.Ordinal);
        Assert.Contains("Data Science: 3/4", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_card_of_10000_risks_validates_and_stays_under_28_KB_with_counts_per_heatmap_cell()
    {
        var risks = SyntheticData.Risks(10_000, Today);
        var items = new InMemoryItems();
        items.Items.AddRange(Enumerable.Range(0, 200).Select(i => new LeadershipItem($"a{i}", "MR-1", LeadershipItemKind.Action, new string('x', 900) + " <at>Adele</at> **b**", "adele", "Adele", Now, "alex", Today.AddDays(i - 100))));
        var digest = await Builder(new InMemoryRisks(risks), items, new InMemoryReports([]), new InMemoryArchive(), new FakeTimeProvider(Now)).BuildAsync("a");
        var responses = Enumerable.Range(0, 50).Select(i => new LeadershipItem($"d{i}", digest.Id, LeadershipItemKind.Decision, new string('y', 1000), "adele", "Adele", Now)).ToList();
        var owners = Enumerable.Range(0, 50).Select(i => new Choice { Title = new string('n', 80), Value = Guid.NewGuid().ToString() }).ToList();

        var card = ManagementReviewDigestCard.Build(digest, RiskMatrix.Default, responses, owners, id => id, Cards.TestWorkspaceLinks.Teams, true);

        Assert.True(card.GetSizeInBytes() < CardValidator.MaxCardBytes, $"{card.GetSizeInBytes()} bytes");
        Assert.Empty(CardValidator.Validate(new Dictionary<string, AdaptiveCard> { ["digest"] = card })["digest"]);
        var table = Assert.Single(card.Body.OfType<Table>());
        var topRight = ((TextBlock)table.Rows[1].Cells[5].Items[0]).Text;
        Assert.Equal(risks.Count(x => x.ResidualLikelihood == 5 && x.ResidualImpact == 5).ToString(System.Globalization.CultureInfo.InvariantCulture), topRight);
        var bottomLeft = ((TextBlock)table.Rows[5].Cells[1].Items[0]).Text;
        Assert.Equal(risks.Count(x => x.ResidualLikelihood == 1 && x.ResidualImpact == 1).ToString(System.Globalization.CultureInfo.InvariantCulture), bottomLeft);
    }

    [Fact]
    public async Task The_html_archive_encodes_every_text_and_colours_the_heatmap()
    {
        var items = new InMemoryItems();
        items.Items.Add(new LeadershipItem("o1", "none", LeadershipItemKind.Opportunity, "<script>alert(1)</script> & more", "alex", "Alex", Now));
        var risks = SyntheticData.Risks(50, Today);
        var digest = await Builder(new InMemoryRisks(risks), items, new InMemoryReports([]), new InMemoryArchive(), new FakeTimeProvider(Now)).BuildAsync("<b>Alex</b>");

        var html = DigestHtml.Render(digest, RiskMatrix.Default, id => id);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Alex", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", html, StringComparison.Ordinal);
        Assert.Contains("class=\"Critical\"", html, StringComparison.Ordinal);
        Assert.Contains($">{risks.Count(x => x.ResidualLikelihood == 5 && x.ResidualImpact == 5)}</td>", html, StringComparison.Ordinal);
    }
}
