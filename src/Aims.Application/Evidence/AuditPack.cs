using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Aims.Core.Evidence;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Evidence;

/// <summary>A register or report that a capability adds to the audit pack (AI systems, SoA, risks, training, reviews).</summary>
public interface IAuditPackSection
{
    /// <summary>Folder inside <c>registers/</c>.</summary>
    string Name { get; }

    Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken);
}

/// <summary>Writes entries into the audit pack zip, one at a time, with safe paths and CSV cells.</summary>
public sealed class AuditPackWriter(ZipArchive zip)
{
    public async Task WriteAsync(string path, Func<Stream, Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var entry = zip.CreateEntry(AuditPackNames.SafePath(path), CompressionLevel.Fastest);
        await using var stream = entry.Open();
        await write(stream);
    }

    public Task WriteTextAsync(string path, string text) =>
        WriteAsync(path, s => s.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask());

    public Task WriteJsonAsync<T>(string path, T value) =>
        WriteAsync(path, s => JsonSerializer.SerializeAsync(s, value, AuditPackNames.Json));

    /// <summary>A CSV file (RFC 4180, UTF-8), rows streamed; every cell is neutralised against formula injection.</summary>
    public Task WriteCsvAsync(string path, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<string?>> rows, CancellationToken cancellationToken) =>
        WriteAsync(path, async s =>
        {
            await using var writer = new StreamWriter(s, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            await writer.WriteLineAsync(Csv.Line(header));
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                await writer.WriteLineAsync(Csv.Line(row));
            }
        });
}

/// <summary>One CSV line (RFC 4180) for the writers here; quoting and formula neutralising are the register's (<see cref="Register.Csv"/>).</summary>
public static class Csv
{
    public static string Line(IEnumerable<string?> cells)
    {
        var sb = new StringBuilder();
        Register.Csv.AppendRecord(sb, cells);
        return sb.ToString(0, sb.Length - 2); // without the CRLF: callers write lines
    }

    public static string Cell(string? value) => Line([value]);
}

public static class AuditPackNames
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>A zip entry path that cannot escape its folder: no rooted paths, no '..', only safe characters per segment.</summary>
    public static string SafePath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(SafeSegment)
            .Where(s => s.Length > 0)
            .ToList();
        if (segments.Count == 0)
        {
            throw new ArgumentException($"'{path}' has no usable file name.", nameof(path));
        }

        return string.Join('/', segments);
    }

    public static string SafeSegment(string segment)
    {
        var sb = new StringBuilder(segment.Length);
        foreach (var c in segment)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        var safe = sb.ToString().Trim('.');
        return safe.Length > 120 ? safe[..120] : safe;
    }

    public static string PayloadFileName(EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var extension = item.ContentType.Split(';')[0].Trim().ToLowerInvariant() switch
        {
            "application/json" => ".json",
            "text/html" => ".html",
            "text/csv" => ".csv",
            "text/plain" => ".txt",
            "application/pdf" => ".pdf",
            "application/zip" => ".zip",
            "image/png" => ".png",
            _ => ".bin",
        };
        return SafeSegment(item.Id.Replace("sha256:", string.Empty, StringComparison.Ordinal)) + extension;
    }
}

/// <summary>
/// Builds the audit pack: evidence index by clause and by Annex A control (CSV and HTML), every payload, the ledger and its
/// verification with the root hash, and the registers the capabilities contribute. Items are streamed (several passes over the
/// ledger), so memory does not grow with the number of items.
/// </summary>
public sealed class AuditPackExporter(IEvidenceStore evidence, IEnumerable<IAuditPackSection> sections, TimeProvider time, ILogger<AuditPackExporter> logger)
{
    public static readonly string[] IndexHeader = ["id", "kind", "subject", "recorded_at", "actor_object_id", "actor_name", "clauses", "controls", "correlation_id", "summary", "payload_sha256", "payload_file"];

    public async Task<AuditPackSummary> WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clauses = new SortedSet<string>(StringComparer.Ordinal);
        var controls = new SortedSet<string>(StringComparer.Ordinal);
        long count = 0;
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        var writer = new AuditPackWriter(zip);

        // Pass 1: the index, in ledger order; remembers which clauses and controls occur (bounded by the catalog).
        await writer.WriteCsvAsync("evidence/index.csv", IndexHeader, IndexRows(), cancellationToken);

        async IAsyncEnumerable<IReadOnlyList<string?>> IndexRows()
        {
            await foreach (var item in ItemsAsync(cancellationToken))
            {
                count++;
                clauses.UnionWith(item.Clauses);
                controls.UnionWith(item.Controls);
                yield return Row(item);
            }
        }

        // Pass 2: the payloads, and each envelope exactly as stored (its bytes hash to the item id), for verify.py.
        await foreach (var item in ItemsAsync(cancellationToken))
        {
            var envelope = EvidenceEnvelope.Encode(item);
            if (EvidenceEnvelope.ComputeId(envelope) == item.Id)
            {
                await writer.WriteAsync($"evidence/envelopes/{EvidenceEnvelope.GetHash(item.Id)}.json", s => s.WriteAsync(envelope, cancellationToken).AsTask());
            }
            else
            {
                logger.LogWarning("Audit pack: envelope of {ItemId} does not re-encode to its id; left out, so verify.py reports it", item.Id);
            }

            await writer.WriteAsync("evidence/payloads/" + AuditPackNames.PayloadFileName(item), async s =>
            {
                await using var payload = await evidence.OpenPayloadAsync(item.Id, cancellationToken);
                if (payload is not null)
                {
                    await payload.CopyToAsync(s, cancellationToken);
                }
            });
        }

        // Index by clause and by control: one query per id, paged.
        await writer.WriteAsync("evidence/index.html", s => WriteHtmlIndexAsync(s, clauses, controls, cancellationToken));

        // The ledger and its verification.
        await writer.WriteCsvAsync("ledger/ledger.csv", ["sequence", "item_id", "payload_sha256", "previous_hash", "entry_hash", "recorded_at"], LedgerRows(), cancellationToken);
        var verification = await evidence.VerifyAsync(cancellationToken);
        await writer.WriteJsonAsync("ledger/verification.json", verification);

        foreach (var section in sections)
        {
            await section.WriteAsync(new AuditPackWriter(zip), cancellationToken);
        }

        var summary = new AuditPackSummary(started, count, verification.RootHash, verification.EntryCount, verification.IsIntact, sections.Select(s => s.Name).ToList());
        await writer.WriteJsonAsync("README.json", summary);

        // The pack verifies itself: the procedure for a person, and a standard-library Python verifier.
        foreach (var file in new[] { "VERIFY.md", "verify.py" })
        {
            await writer.WriteAsync(file, async s =>
            {
                await using var resource = typeof(AuditPackExporter).Assembly.GetManifestResourceStream("Aims.Application.Evidence.Pack." + file)
                    ?? throw new InvalidOperationException($"The audit pack's {file} is not embedded in the app.");
                await resource.CopyToAsync(s, cancellationToken);
            });
        }
        logger.LogInformation("Audit pack written: {Items} items, root hash {RootHash}, intact {Intact}", count, summary.RootHash, summary.LedgerIntact);
        return summary;

        async IAsyncEnumerable<IReadOnlyList<string?>> LedgerRows()
        {
            await foreach (var e in evidence.ReadLedgerAsync(cancellationToken))
            {
                // The time as the entry hash covers it (VERIFY.md), so the hash can be recomputed from the row as written.
                yield return [e.Sequence.ToString(CultureInfo.InvariantCulture), e.ItemId, e.PayloadSha256, e.PreviousHash, e.EntryHash, EvidenceEnvelope.FormatTime(e.RecordedAt)];
            }
        }
    }

    private async IAsyncEnumerable<EvidenceItem> ItemsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in evidence.ReadLedgerAsync(cancellationToken))
        {
            EvidenceItem? item;
            try
            {
                item = await evidence.GetAsync(entry.ItemId, cancellationToken);
            }
            catch (EvidenceIntegrityException ex)
            {
                // An altered item is reported by verification.json; the pack still lists everything else.
                logger.LogWarning("Audit pack skips altered item {ItemId}: {Reason}", entry.ItemId, ex.Message);
                continue;
            }

            if (item is not null)
            {
                yield return item;
            }
        }
    }

    private static IReadOnlyList<string?> Row(EvidenceItem i) =>
    [
        i.Id, i.Kind.Value, i.Subject, EvidenceEnvelope.FormatTime(i.RecordedAt), i.Actor.ObjectId, i.Actor.DisplayName,
        string.Join(' ', i.Clauses), string.Join(' ', i.Controls), i.CorrelationId, i.Summary, i.PayloadSha256, "payloads/" + AuditPackNames.PayloadFileName(i),
    ];

    private async Task WriteHtmlIndexAsync(Stream stream, IEnumerable<string> clauses, IEnumerable<string> controls, CancellationToken ct)
    {
        await using var w = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await w.WriteLineAsync("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>AIMS evidence index</title>");
        await w.WriteLineAsync("<style>body{font-family:Segoe UI,Arial,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%;margin-bottom:2em}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:13px}th{background:#f0f4f8}h2{margin-top:2em}</style></head><body>");
        await w.WriteLineAsync($"<h1>AIMS evidence index</h1><p>Generated {H(time.GetUtcNow().ToString("u", CultureInfo.InvariantCulture))}. Payload files are in <code>payloads/</code>; the full list is <code>index.csv</code>.</p>");
        await WriteGroupAsync(w, "By ISO/IEC 42001 clause", clauses.Order(ClauseOrder.Instance), id => new EvidenceQuery { Clause = id, PageSize = 200 }, ct);
        await WriteGroupAsync(w, "By Annex A control", controls.Order(ClauseOrder.Instance), id => new EvidenceQuery { Control = id, PageSize = 200 }, ct);
        await w.WriteLineAsync("</body></html>");
    }

    private async Task WriteGroupAsync(StreamWriter w, string title, IEnumerable<string> ids, Func<string, EvidenceQuery> query, CancellationToken ct)
    {
        await w.WriteLineAsync($"<h2>{H(title)}</h2>");
        foreach (var id in ids)
        {
            await w.WriteLineAsync($"<h3 id=\"{H(id)}\">{H(id)}</h3><table><tr><th>Recorded</th><th>Kind</th><th>Subject</th><th>Actor</th><th>Summary</th><th>Payload</th></tr>");
            string? token = null;
            do
            {
                var page = await evidence.ListAsync(query(id) with { ContinuationToken = token }, ct);
                foreach (var i in page.Items)
                {
                    var file = "payloads/" + AuditPackNames.PayloadFileName(i);
                    await w.WriteLineAsync($"<tr><td>{H(i.RecordedAt.ToString("u", CultureInfo.InvariantCulture))}</td><td>{H(i.Kind.Value)}</td><td>{H(i.Subject)}</td><td>{H(i.Actor.DisplayName)}</td><td>{H(i.Summary)}</td><td><a href=\"{H(file)}\">{H(i.Id[..Math.Min(i.Id.Length, 19)])}…</a></td></tr>");
                }

                token = page.ContinuationToken;
            }
            while (token is not null);
            await w.WriteLineAsync("</table>");
        }
    }

    private static string H(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}

public sealed record AuditPackSummary(DateTimeOffset GeneratedAt, long EvidenceItems, string RootHash, long LedgerEntries, bool LedgerIntact, IReadOnlyList<string> Registers);

/// <summary>Orders "4.1" before "10.2" and "A.2.2" before "A.10.2".</summary>
public sealed class ClauseOrder : IComparer<string>
{
    public static ClauseOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var a = (x ?? string.Empty).Split('.');
        var b = (y ?? string.Empty).Split('.');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = int.TryParse(a[i], out var na) && int.TryParse(b[i], out var nb) ? na.CompareTo(nb) : string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
