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
        var sb = new StringBuilder(8192);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E($"Management review digest {digest.Id}")).Append("</title>")
          .Append("<style>body{font-family:Segoe UI,Arial,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 10px;text-align:left}")
          .Append(".heat td{text-align:center;min-width:2.5em}.Low{background:#c6efce}.Medium{background:#ffeb9c}.High{background:#f8b084}.Critical{background:#ff7b7b}</style></head><body>\n");
        sb.Append("<h1>Management review digest</h1><p>").Append(E($"{digest.Id}, as of {digest.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC, requested by {digest.RequestedBy}."));
        sb.Append(digest.PreviousAt is { } p ? E($" Trends compare with the digest of {p.UtcDateTime:yyyy-MM-dd}.") : E(" First digest: no trend yet.")).Append("</p>\n");

        foreach (var section in DigestSections.Of(digest, nameOf))
        {
            var h = section.Level.ToString(CultureInfo.InvariantCulture);
            sb.Append("<h").Append(h).Append('>').Append(E(section.Title)).Append("</h").Append(h).Append('>');
            if (section.Facts.Count > 0)
            {
                Facts(sb, section.Facts);
            }

            if (section.HasList)
            {
                List(sb, section.Lines, section.Empty ?? string.Empty);
            }

            if (section.Title == DigestSections.PerformanceTitle)
            {
                Heatmap(sb, digest.Risks, matrix);
            }
        }

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

    private static void Heatmap(StringBuilder sb, RiskFigures r, RiskMatrix matrix)
    {
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

        sb.Append("</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static void Facts(StringBuilder sb, IEnumerable<DigestFact> facts)
    {
        sb.Append("<table>");
        foreach (var fact in facts)
        {
            sb.Append("<tr><th>").Append(E(fact.Title)).Append("</th><td>").Append(E(fact.Value)).Append("</td></tr>");
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
