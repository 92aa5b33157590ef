using System.Globalization;
using System.Net;
using System.Text;
using Aims.Core.Reviews;
using Aims.Core.Risks;

namespace Aims.Application.Reviews;

/// <summary>
/// The digest as a self-contained HTML page for the archive (no scripts, no external resources): the same figures and a
/// coloured heatmap table. Every piece of text is HTML-encoded.
/// </summary>
public static class DigestHtml
{
    public static string Render(ManagementReviewDigest digest, RiskMatrix matrix, Func<string, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(nameOf);
        var r = digest.Risks;
        var a = digest.PreviousActions;
        var sb = new StringBuilder(8192);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E($"Management review digest {digest.Id}")).Append("</title>")
          .Append("<style>body{font-family:Segoe UI,Arial,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 10px;text-align:left}")
          .Append(".heat td{text-align:center;min-width:2.5em}.Low{background:#c6efce}.Medium{background:#ffeb9c}.High{background:#f8b084}.Critical{background:#ff7b7b}</style></head><body>\n");
        sb.Append("<h1>Management review digest</h1><p>").Append(E($"{digest.Id}, as of {digest.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC, requested by {digest.RequestedBy}."));
        sb.Append(digest.PreviousAt is { } p ? E($" Trends compare with the digest of {p.UtcDateTime:yyyy-MM-dd}.") : E(" First digest: no trend yet.")).Append("</p>\n");

        sb.Append("<h2>Status of actions from previous reviews (9.3.2 a)</h2>");
        Facts(sb, [("Open actions", a.Open.ToString(CultureInfo.InvariantCulture)), ("Overdue actions", a.Overdue.ToString(CultureInfo.InvariantCulture)), ("Done actions", a.Done.ToString(CultureInfo.InvariantCulture)), ("Decisions recorded", a.Decisions.ToString(CultureInfo.InvariantCulture))]);
        List(sb, [.. a.OpenActions.Select(l => $"{l.Text} ({(l.OwnerObjectId is null ? "no owner" : nameOf(l.OwnerObjectId))}, due {l.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "not set"}{(l.Overdue ? ", OVERDUE" : "")})"), .. a.RecentDecisions.Select(d => "Decision " + d)], "No open actions.");

        sb.Append("<h2>Changes in issues and interested parties (9.3.2 b, c)</h2>");
        List(sb, digest.InterestedPartyChanges, "No changes reported.");

        sb.Append("<h2>AIMS performance (9.3.2 d)</h2>");
        Facts(sb,
        [
            ("AI risks", r.Total.ToString(CultureInfo.InvariantCulture)),
            .. Enum.GetValues<RiskLevel>().Reverse().Select(l => ($"Residual {l}", ManagementReviewDigestCard.Trend(r.ByResidualLevel[l], r.PreviousByResidualLevel?[l]))),
            ("Awaiting approval", r.PendingApprovals.ToString(CultureInfo.InvariantCulture)),
            ("Risk decisions in period", r.DecisionsInPeriod.ToString(CultureInfo.InvariantCulture)),
            ("Overdue treatment actions", r.OverdueTreatmentActions.ToString(CultureInfo.InvariantCulture)),
            ("Accepted risks", r.Accepted.ToString(CultureInfo.InvariantCulture)),
            ("Acceptances expiring in 30 days", r.AcceptancesExpiringWithin30Days.ToString(CultureInfo.InvariantCulture)),
            ("Gap analysis coverage", digest.Coverage is { } c ? $"{c.Percent.ToString("0.#", CultureInfo.InvariantCulture)} % ({c.Covered} of {c.Total})" : "no data"),
            ("Nonconformities and incidents", $"{digest.Reports.Open} open ({ManagementReviewDigestCard.Severities(digest.Reports.OpenBySeverity)}), {digest.Reports.Closed} closed ({ManagementReviewDigestCard.Severities(digest.Reports.ClosedBySeverity)})"),
            ("Training completion", digest.TrainingByDepartment is null ? "no data" : string.Join("; ", digest.TrainingByDepartment.Select(t => $"{t.Department}: {t.Completed}/{t.Assigned}"))),
        ]);
        sb.Append("<h3>Residual risks on the 5x5 matrix</h3><table class=\"heat\"><tr><th>L \\ I</th>");
        for (var i = 1; i <= 5; i++) sb.Append("<th>").Append(i).Append("</th>");
        sb.Append("</tr>");
        for (var l = 5; l >= 1; l--)
        {
            sb.Append("<tr><th>").Append(l).Append("</th>");
            for (var i = 1; i <= 5; i++)
            {
                var level = matrix.LevelAt(l, i);
                sb.Append("<td class=\"").Append(level).Append("\" title=\"").Append(level).Append("\">").Append(r.At(l, i)).Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</table>\n<h3>Audit results</h3>");
        List(sb, digest.AuditResults, "No audit results reported.");
        sb.Append("<h3>AI objectives since the last review (6.2, 9.1)</h3>");
        List(sb, digest.Objectives?.Select(t => t.Line).ToList(), "No AI objectives set.");
        sb.Append("<h3>Documents past their review date (7.5.2)</h3>");
        List(sb, digest.DocumentsPastReview, "None: every approved document is within its review date.");
        sb.Append("<h2>Opportunities for improvement (9.3.2 e)</h2>");
        List(sb, digest.Opportunities, "None recorded.");
        if (digest.Ledger is { } ledger)
        {
            sb.Append("<h2>Evidence ledger anchor</h2><p>").Append(E($"At this digest the evidence ledger held {ledger.Sequence.ToString(CultureInfo.InvariantCulture)} entries; its root hash was {ledger.RootHash}.")).Append("</p>");
            if (digest.LedgerTimestamp is { Response: { } response } stamp)
            {
                sb.Append("<p>").Append(E($"The root hash was timestamped by {stamp.Authority} at {stamp.GeneratedAt:u} (RFC 3161). The time-stamp response, base64 DER: "))
                    .Append("<code class=\"tsr\">").Append(Convert.ToBase64String(response)).Append("</code></p>");
            }
            else if (digest.LedgerTimestamp is { } missing)
            {
                sb.Append("<p>").Append(E($"The root hash could not be timestamped by {missing.Authority}: {missing.Problem}.")).Append("</p>");
            }
        }

        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static void Facts(StringBuilder sb, IEnumerable<(string Title, string Value)> facts)
    {
        sb.Append("<table>");
        foreach (var (title, value) in facts)
        {
            sb.Append("<tr><th>").Append(E(title)).Append("</th><td>").Append(E(value)).Append("</td></tr>");
        }

        sb.Append("</table>\n");
    }

    private static void List(StringBuilder sb, IReadOnlyList<string>? lines, string empty)
    {
        if (lines is null)
        {
            sb.Append("<p><em>no data (source not connected yet)</em></p>\n");
        }
        else if (lines.Count == 0)
        {
            sb.Append("<p><em>").Append(E(empty)).Append("</em></p>\n");
        }
        else
        {
            sb.Append("<ul>");
            foreach (var line in lines) sb.Append("<li>").Append(E(line)).Append("</li>");
            sb.Append("</ul>\n");
        }
    }
}
