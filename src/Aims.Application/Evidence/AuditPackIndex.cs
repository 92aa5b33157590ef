using System.Globalization;
using System.Net;
using System.Text;

namespace Aims.Application.Evidence;

/// <summary>
/// The pack's front page, <c>index.html</c>: what an auditor reads first at Stage 1 (scope, AI policy, SoA version, risk
/// criteria), then every register with its files and row count, the per-system dossiers, and how to verify the pack.
/// Every value is HTML-encoded: register text is user text.
/// </summary>
public static class AuditPackIndex
{
    public const string Style = "body{font-family:Segoe UI,Arial,sans-serif;margin:2em;color:#222;max-width:70em}table{border-collapse:collapse;width:100%;margin-bottom:2em}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:13px;vertical-align:top}th{background:#f0f4f8}dt{font-weight:600;margin-top:.6em}code{font-size:12px}";

    public static async Task WriteAsync(Stream stream, AuditPackWriter writer, AuditPackSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(summary);
        await using var w = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await w.WriteLineAsync($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>AIMS audit pack</title><style>{Style}</style></head><body>");
        await w.WriteLineAsync($"<h1>AIMS audit pack</h1><p>Generated {H(summary.GeneratedAt.ToString("u", CultureInfo.InvariantCulture))}: {summary.EvidenceItems.ToString(CultureInfo.InvariantCulture)} evidence items, ledger root <code>{H(summary.RootHash)}</code> over {summary.LedgerEntries.ToString(CultureInfo.InvariantCulture)} entries.</p>");
        if (summary.Timestamp is { } timestamp)
        {
            await w.WriteLineAsync($"<p>RFC 3161 timestamp: {H(timestamp.Describe())}</p>");
        }

        await w.WriteLineAsync("<p>Check this pack without the app: follow <a href=\"VERIFY.md\">VERIFY.md</a> by hand, or run <code>python3 -I verify.py</code> in this folder. Evidence by clause and control: <a href=\"evidence/index.html\">evidence/index.html</a>.</p>");

        if (writer.Headlines.Count > 0)
        {
            await w.WriteLineAsync("<h2>At a glance</h2><dl>");
            foreach (var h in writer.Headlines)
            {
                var text = h.Link is null ? H(h.Text) : $"<a href=\"{H(h.Link)}\">{H(h.Text)}</a>";
                await w.WriteLineAsync($"<dt>{H(h.Label)}</dt><dd>{text}</dd>");
            }

            await w.WriteLineAsync("</dl>");
        }

        await w.WriteLineAsync("<h2>Registers</h2><p>Each register is a CSV and a JSON file; the <code>evidence_ids</code> of a row are the evidence items (in <code>evidence/</code>) recorded for it.</p>");
        await w.WriteLineAsync("<table><tr><th>Register</th><th>Rows</th><th>Files</th><th>What it holds</th></tr>");
        foreach (var r in writer.Registers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await w.WriteLineAsync($"<tr><td>{H(r.Title)}</td><td>{r.Rows.ToString(CultureInfo.InvariantCulture)}</td><td><a href=\"{H(r.Path)}.csv\">CSV</a> · <a href=\"{H(r.Path)}.json\">JSON</a></td><td>{H(r.Description)}</td></tr>");
        }

        await w.WriteLineAsync("</table>");

        foreach (var group in writer.Pages.GroupBy(p => p.Group))
        {
            await w.WriteLineAsync($"<h2>{H(group.Key)}</h2><ul>");
            foreach (var p in group)
            {
                await w.WriteLineAsync($"<li><a href=\"{H(p.Path)}\">{H(p.Title)}</a></li>");
            }

            await w.WriteLineAsync("</ul>");
        }

        await w.WriteLineAsync("</body></html>");
    }

    /// <summary>HTML-encodes text for the pack's pages (null as empty).</summary>
    public static string H(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
