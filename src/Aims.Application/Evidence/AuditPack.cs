using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Aims.Core.Evidence;
using Microsoft.Extensions.Logging;
using static Aims.Application.Evidence.AuditPackIndex;

namespace Aims.Application.Evidence;

/// <summary>A register or report that a capability adds to the audit pack (AI systems, SoA, risks, training, reviews).</summary>
public interface IAuditPackSection
{
    /// <summary>Folder inside <c>registers/</c>.</summary>
    string Name { get; }

    Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken);
}

/// <summary>
/// Writes entries into the audit pack zip, one at a time, with safe paths and CSV cells; registers go out as CSV and JSON with the
/// evidence ids that support each row, and are listed (with any headline facts) on the pack's <c>index.html</c>.
/// </summary>
public sealed class AuditPackWriter
{
    private readonly Func<string, Task<Stream>> _openEntry;
    private readonly IEvidenceStore? evidence;

    public AuditPackWriter(ZipArchive zip, IEvidenceStore? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(zip);
        _openEntry = path => Task.FromResult(zip.CreateEntry(path, CompressionLevel.Fastest).Open());
        this.evidence = evidence;
    }

    internal AuditPackWriter(PackZipWriter zip, IEvidenceStore? evidence)
    {
        _openEntry = zip.OpenAsync;
        this.evidence = evidence;
    }

    private readonly List<PackRegisterFile> _registers = [];
    private readonly List<PackHeadline> _headlines = [];
    private readonly List<PackPage> _pages = [];

    /// <summary>The registers written so far, in order.</summary>
    public IReadOnlyList<PackRegisterFile> Registers => _registers;

    /// <summary>Facts an auditor reads first at Stage 1 (scope, policy, SoA version, risk criteria).</summary>
    public IReadOnlyList<PackHeadline> Headlines => _headlines;

    /// <summary>Human-readable pages (e.g. one dossier per AI system), linked from the index.</summary>
    public IReadOnlyList<PackPage> Pages => _pages;

    private FileStream? _manifest;

    /// <summary>How many files the manifest lists so far.</summary>
    public int ManifestEntries { get; private set; }

    public async Task WriteAsync(string path, Func<Stream, Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var safe = AuditPackNames.SafePath(path);
        string line;
        await using (var stream = await _openEntry(safe))
        {
            using var hashing = new HashingStream(stream);
            await write(hashing);
            line = $"{hashing.Sha256Hex()}  {safe}\n";
        }

        // The manifest streams to a temporary file (in sha256sum format) so memory stays flat however many files the pack has.
        _manifest ??= TemporaryFile();
        await _manifest.WriteAsync(Encoding.UTF8.GetBytes(line));
        ManifestEntries++;
    }

    /// <summary>
    /// Writes <c>manifest.sha256</c> (every file written before, as <c>sha256sum</c> prints it), signs its SHA-256 with the pack
    /// signer, and writes <c>manifest.sig</c> (the raw RS256 signature), <c>signing-key.json</c> (JWK and fingerprint) and
    /// <c>signing-key.pem</c> (for <c>openssl dgst -verify</c>). Nothing may be written after this.
    /// </summary>
    public async Task<PackSigningKey> SignAsync(IPackSigner signer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        _manifest ??= TemporaryFile();
        _manifest.Position = 0;
        var digest = await System.Security.Cryptography.SHA256.HashDataAsync(_manifest, cancellationToken);
        _manifest.Position = 0;
        await using (var target = await _openEntry("manifest.sha256"))
        {
            await _manifest.CopyToAsync(target, cancellationToken);
        }

        await _manifest.DisposeAsync();
        _manifest = null;
        var key = await signer.GetPublicKeyAsync(cancellationToken);
        var signature = await signer.SignDigestAsync(digest, cancellationToken);
        using (var rsa = System.Security.Cryptography.RSA.Create(key.ToParameters()))
        {
            // Never hand out a pack whose signature the published key does not verify.
            if (!rsa.VerifyHash(digest, signature, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1))
            {
                throw new InvalidOperationException($"The pack signer's signature does not verify with its own public key {key.KeyId}.");
            }

            await WriteUnlistedAsync("signing-key.pem", Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem() + "\n"));
        }

        await WriteUnlistedAsync("manifest.sig", signature);
        await WriteUnlistedAsync("signing-key.json", JsonSerializer.SerializeToUtf8Bytes(key.ToJwk(), AuditPackNames.Json));
        return key;
    }

    /// <summary>An entry outside the manifest (the manifest itself, its signature and the public key).</summary>
    public async Task WriteUnlistedAsync(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var stream = await _openEntry(AuditPackNames.SafePath(path));
        await stream.WriteAsync(content);
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

    /// <summary>
    /// A register as <c>&lt;path&gt;.csv</c> and <c>&lt;path&gt;.json</c>, in one pass over the rows: each row gains the ids of the
    /// evidence recorded for its subject (and any it names itself), so an auditor can go from a row to the records behind it.
    /// The JSON goes to a temporary file while the CSV streams, since a zip entry must be written whole.
    /// </summary>
    public async Task<int> WriteRegisterAsync<T>(RegisterTable<T> table, IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var count = 0;
        await using var json = TemporaryFile();
        await using (var jw = new Utf8JsonWriter(json, new JsonWriterOptions { Indented = true }))
        {
            jw.WriteStartArray();
            await WriteCsvAsync(table.Path + ".csv", [.. table.Columns.Select(c => c.Name), "evidence_ids"], Rows(jw), cancellationToken);
            jw.WriteEndArray();
        }

        json.Position = 0;
        await WriteAsync(table.Path + ".json", s => json.CopyToAsync(s, cancellationToken));
        _registers.Add(new PackRegisterFile(table.Title, table.Path, count, table.Description));
        return count;

        async IAsyncEnumerable<IReadOnlyList<string?>> Rows(Utf8JsonWriter jw)
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                var cells = table.Columns.Select(c => c.Value(row)).ToList();
                var ids = await EvidenceIdsAsync(table.Subject?.Invoke(row), table.Matches is { } m ? item => m(row, item) : null, table.EvidenceIds?.Invoke(row), cancellationToken);
                jw.WriteStartObject();
                for (var i = 0; i < cells.Count; i++)
                {
                    jw.WriteString(table.Columns[i].Name, cells[i]);
                }

                jw.WriteStartArray("evidence_ids");
                foreach (var id in ids)
                {
                    jw.WriteStringValue(id);
                }

                jw.WriteEndArray();
                jw.WriteEndObject();
                await jw.FlushAsync(cancellationToken);
                count++;
                yield return [.. cells, string.Join(' ', ids)];
            }
        }
    }

    internal static FileStream TemporaryFile() =>
        new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);

    public void AddHeadline(string label, string text, string? link = null) => _headlines.Add(new PackHeadline(label, text, link));

    /// <summary>An HTML page of the pack (written by the caller) that the index lists.</summary>
    public Task WritePageAsync(string path, string title, string group, string html)
    {
        _pages.Add(new PackPage(title, path, group));
        return WriteTextAsync(path, html);
    }

    /// <summary>Evidence recorded for the subject, in ledger order, with the ids the row names itself; at most 10 pages of 1,000.</summary>
    private async Task<IReadOnlyList<string>> EvidenceIdsAsync(string? subject, Func<EvidenceItem, bool>? matches, IEnumerable<string?>? own, CancellationToken cancellationToken)
    {
        var found = new List<(DateTimeOffset At, string Id)>();
        if (evidence is not null && !string.IsNullOrEmpty(subject))
        {
            string? token = null;
            var pages = 0;
            do
            {
                var page = await evidence.ListAsync(new EvidenceQuery { Subject = subject, PageSize = EvidenceQuery.MaxPageSize, ContinuationToken = token }, cancellationToken);
                found.AddRange(page.Items.Where(i => matches is null || matches(i)).Select(i => (i.RecordedAt, i.Id)));
                token = page.ContinuationToken;
            }
            while (token is not null && ++pages < 10);
        }

        var ids = found.OrderBy(f => f.At).Select(f => f.Id).ToList();
        foreach (var id in own ?? [])
        {
            if (!string.IsNullOrEmpty(id) && !ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}

/// <summary>One column of a register in the pack: its CSV/JSON name and how a row gives its value.</summary>
public sealed record PackColumn<T>(string Name, Func<T, string?> Value);

/// <summary>
/// A register in the pack. <see cref="Path"/> has no extension (".csv" and ".json" are added); <see cref="Subject"/> is the
/// evidence subject of a row, <see cref="EvidenceIds"/> any evidence ids the row itself names.
/// </summary>
public sealed record RegisterTable<T>(string Title, string Path, string Description, IReadOnlyList<PackColumn<T>> Columns)
{
    public Func<T, string?>? Subject { get; init; }

    public Func<T, IEnumerable<string?>>? EvidenceIds { get; init; }

    /// <summary>Which of the subject's evidence belongs to the row, when several rows share one subject (e.g. by correlation id).</summary>
    public Func<T, EvidenceItem, bool>? Matches { get; init; }
}

public sealed record PackRegisterFile(string Title, string Path, int Rows, string Description);

public sealed record PackHeadline(string Label, string Text, string? Link);

public sealed record PackPage(string Title, string Path, string Group);

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
/// verification with the root hash, and the registers the capabilities contribute. Items are streamed (one pass over the ledger
/// reads them, a few at a time), so memory does not grow with the number of items.
/// </summary>
public sealed class AuditPackExporter(IEvidenceStore evidence, IEnumerable<IAuditPackSection> sections, IEnumerable<IPackSigner> signers, TimestampAuthorityClient timestamps, TimeProvider time, ILogger<AuditPackExporter> logger)
{
    public static readonly string[] IndexHeader = ["id", "kind", "subject", "recorded_at", "actor_object_id", "actor_name", "clauses", "controls", "correlation_id", "summary", "payload_sha256", "payload_file"];

    public async Task<AuditPackSummary> WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        // Fail before writing anything: an unsigned pack could be rebuilt after the fact.
        var signer = signers.LastOrDefault() ?? throw new InvalidOperationException(
            "Audit packs are signed, and no signing key is configured: set AuditPack:SigningKeyId to a Key Vault key (infra/main.bicep creates one).");
        var started = time.GetUtcNow();
        var clauses = new SortedSet<string>(StringComparer.Ordinal);
        var controls = new SortedSet<string>(StringComparer.Ordinal);
        long count = 0;
        // Not ZipArchive: it keeps every entry's record until the end, which grows with the item count (PackZipWriter says why).
        await using var zip = new PackZipWriter(destination, started);
        var writer = new AuditPackWriter(zip, evidence);

        // One pass over the items, in ledger order: each envelope exactly as stored (its bytes hash to the item id) and each payload
        // go into the zip as they are read; the index rows go to a temporary file that becomes evidence/index.csv after them (a zip
        // entry is written whole), so every item is read once. Remembers which clauses and controls occur (bounded by the catalog).
        await using (var index = AuditPackWriter.TemporaryFile())
        {
            await using (var rows = new StreamWriter(index, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
            {
                await rows.WriteLineAsync(Csv.Line(IndexHeader));
                await foreach (var (item, payload) in ItemsAsync(cancellationToken))
                {
                    await using (payload)
                    {
                        count++;
                        clauses.UnionWith(item.Clauses);
                        controls.UnionWith(item.Controls);
                        await rows.WriteLineAsync(Csv.Line(Row(item)));
                        await WriteItemAsync(writer, item, payload, cancellationToken);
                    }
                }
            }

            index.Position = 0;
            await writer.WriteAsync("evidence/index.csv", s => index.CopyToAsync(s, cancellationToken));
        }

        // Index by clause and by control: one query per id, paged.
        await writer.WriteAsync("evidence/index.html", s => WriteHtmlIndexAsync(s, clauses, controls, cancellationToken));

        // The ledger and its verification.
        await writer.WriteCsvAsync("ledger/ledger.csv", ["sequence", "item_id", "payload_sha256", "previous_hash", "entry_hash", "recorded_at"], LedgerRows(), cancellationToken);
        var verification = await evidence.VerifyAsync(cancellationToken);
        await writer.WriteJsonAsync("ledger/verification.json", verification);
        // The root anchored by a time-stamping authority; its failure is recorded in the pack, never fatal to the export.
        var timestamp = await LedgerRootTimestampFiles.WriteAsync(writer, verification.RootHash, await timestamps.TimestampRootAsync(verification.RootHash, cancellationToken));

        foreach (var section in sections)
        {
            await section.WriteAsync(writer, cancellationToken);
        }

        var summary = new AuditPackSummary(started, count, verification.RootHash, verification.EntryCount, verification.IsIntact, sections.Select(s => s.Name).ToList(), timestamp);
        await writer.WriteJsonAsync("README.json", summary);
        await writer.WriteAsync("index.html", s => AuditPackIndex.WriteAsync(s, writer, summary, cancellationToken));

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
        var key = await writer.SignAsync(signer, cancellationToken);
        logger.LogInformation("Audit pack written: {Items} items, {Files} files signed by {KeyId} ({Fingerprint}), root hash {RootHash}, intact {Intact}, timestamp {TimestampStatus}",
            count, writer.ManifestEntries, key.KeyId, key.Fingerprint, summary.RootHash, summary.LedgerIntact, timestamp.Status);
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

    private async Task WriteItemAsync(AuditPackWriter writer, EvidenceItem item, Stream? payload, CancellationToken cancellationToken)
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
            if (payload is not null)
            {
                await payload.CopyToAsync(s, cancellationToken);
            }
        });
    }

    /// <summary>Items read ahead of the writer while it writes the zip, in ledger order: the pack is not one storage round trip per item behind another.</summary>
    internal const int ReadAhead = 16;

    /// <summary>Every item of the ledger with its payload opened, in ledger order, up to <see cref="ReadAhead"/> of them read at once.</summary>
    private async IAsyncEnumerable<(EvidenceItem Item, Stream? Payload)> ItemsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reading = new Queue<Task<(EvidenceItem Item, Stream? Payload)?>>();
        try
        {
            await foreach (var entry in evidence.ReadLedgerAsync(cancellationToken))
            {
                reading.Enqueue(ReadAsync(entry.ItemId));
                if (reading.Count >= ReadAhead && await reading.Dequeue() is { } read)
                {
                    yield return read;
                }
            }

            while (reading.Count > 0)
            {
                if (await reading.Dequeue() is { } read)
                {
                    yield return read;
                }
            }
        }
        finally
        {
            // Stopped early (cancelled, or a write failed): close what was opened ahead.
            while (reading.Count > 0)
            {
                try
                {
                    if (await reading.Dequeue() is { Payload: { } open })
                    {
                        await open.DisposeAsync();
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or EvidenceIntegrityException or IOException)
                {
                    // The export is failing already; this read's own failure adds nothing.
                }
            }
        }

        async Task<(EvidenceItem Item, Stream? Payload)?> ReadAsync(string id)
        {
            EvidenceItem? item;
            try
            {
                item = await evidence.GetAsync(id, cancellationToken);
            }
            catch (EvidenceIntegrityException ex)
            {
                // An altered item is reported by verification.json; the pack still lists everything else.
                logger.LogWarning("Audit pack skips altered item {ItemId}: {Reason}", id, ex.Message);
                return null;
            }

            return item is null ? null : (item, await evidence.OpenPayloadOfAsync(item, cancellationToken));
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
}

public sealed record AuditPackSummary(DateTimeOffset GeneratedAt, long EvidenceItems, string RootHash, long LedgerEntries, bool LedgerIntact, IReadOnlyList<string> Registers, PackTimestampStatus? Timestamp = null);

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
