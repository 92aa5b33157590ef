using System.Globalization;
using Aims.Core.Reviews;
using Aims.Core.Risks;

namespace Aims.Application.Reviews;

/// <summary>The digest's inputs (9.3.2 a-e) in reading order, one list for the archived page and the live views alike.</summary>
public static class DigestSections
{
    /// <summary>The title of the section the heatmap follows in the archived page.</summary>
    public const string PerformanceTitle = "AIMS performance (9.3.2 d)";

    public static IReadOnlyList<DigestSection> Of(ManagementReviewDigest digest, Func<string, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(nameOf);
        var r = digest.Risks;
        var a = digest.PreviousActions;
        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        return
        [
            new(2, "Status of actions from previous reviews (9.3.2 a)",
                [new("Open actions", N(a.Open)), new("Overdue actions", N(a.Overdue)), new("Done actions", N(a.Done)), new("Decisions recorded", N(a.Decisions))],
                true,
                [.. a.OpenActions.Select(l => $"{l.Text} ({(l.OwnerObjectId is null ? "no owner" : nameOf(l.OwnerObjectId))}, due {l.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "not set"}{(l.Overdue ? ", OVERDUE" : "")})"),
                 .. a.RecentDecisions.Select(d => "Decision " + d)],
                "No open actions."),
            new(2, "Changes in issues and interested parties (9.3.2 b, c)", [], true, digest.InterestedPartyChanges, "No changes reported."),
            new(2, PerformanceTitle,
            [
                new("AI risks", N(r.Total)),
                .. Enum.GetValues<RiskLevel>().Reverse().Select(l => new DigestFact($"Residual {l}", ManagementReviewDigestCard.Trend(r.ByResidualLevel[l], r.PreviousByResidualLevel?[l]))),
                new("Awaiting approval", N(r.PendingApprovals)),
                new("Risk decisions in period", N(r.DecisionsInPeriod)),
                new("Overdue treatment actions", N(r.OverdueTreatmentActions)),
                new("Accepted risks", N(r.Accepted)),
                new("Acceptances expiring in 30 days", N(r.AcceptancesExpiringWithin30Days)),
                new("Gap analysis coverage", digest.Coverage is { } c ? $"{c.Percent.ToString("0.#", CultureInfo.InvariantCulture)} % ({c.Covered} of {c.Total})" : "no data"),
                new("Nonconformities and incidents", $"{digest.Reports.Open} open ({ManagementReviewDigestCard.Severities(digest.Reports.OpenBySeverity)}), {digest.Reports.Closed} closed ({ManagementReviewDigestCard.Severities(digest.Reports.ClosedBySeverity)})"),
                new("Nonconformities since the last review", ManagementReviewDigestCard.ReportTrend(digest.Reports)),
                new("Corrective actions", ManagementReviewDigestCard.CorrectiveActions(digest.Reports)),
                new("Training completion", digest.TrainingByDepartment is null ? "no data" : string.Join("; ", digest.TrainingByDepartment.Select(t => $"{t.Department}: {t.Completed}/{t.Assigned}"))),
            ], false, null, null),
            new(3, "Audit results", [], true, digest.AuditResults, "No audit results reported."),
            new(3, "AI objectives since the last review (6.2, 9.1)", [], true, digest.Objectives?.Select(t => t.Line).ToList(), "No AI objectives set."),
            new(3, "Impact assessments (6.1.4, 8.4)", [], true, digest.ImpactAssessments, "No AI systems in scope."),
            new(3, "Statement of Applicability changes since the approved version (6.1.3)", [], true, digest.SoaChanges, "None: the live entries are the approved version."),
            new(3, "Supplier reviews (A.10.3)", [], true, digest.SupplierReviews, "No supplier assessed since the last review."),
            new(3, "Documents past their review date (7.5.2)", [], true, digest.DocumentsPastReview, "None: every approved document is within its review date."),
            new(2, "Opportunities for improvement (9.3.2 e)", [], true, digest.Opportunities, "None recorded."),
        ];
    }
}
