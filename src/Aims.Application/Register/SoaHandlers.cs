using System.Globalization;
using System.Net;
using System.Text;
using Aims.Application.Http;
using Aims.Core.Catalog;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Risks;
using Aims.Core.Soa;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Register;

/// <summary>An SoA entry as the API shows it, with the control's title and objective.</summary>
public sealed record SoaEntryView(
    string ControlId,
    string Title,
    string Objective,
    bool Applicable,
    string? Justification,
    ImplementationStatus Status,
    string? OwnerObjectId,
    IReadOnlyList<string> EvidenceIds,
    DateOnly? LastReviewed,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy,
    string? ETag)
{
    /// <summary>The risks whose treatment relies on this control (in <c>GET /api/soa</c>; empty elsewhere).</summary>
    public IReadOnlyList<ControlRiskLink> Risks { get; init; } = [];

    public static SoaEntryView From(VersionedSoaEntry v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var e = v.Entry;
        var control = Iso42001Catalog.Find(e.ControlId);
        return new SoaEntryView(e.ControlId, control?.Title ?? e.ControlId, control?.Group ?? string.Empty, e.Applicable, e.Justification, e.Status,
            e.OwnerObjectId, e.EvidenceIds, e.LastReviewed, e.UpdatedAt, e.UpdatedBy, v.ETag);
    }
}

/// <summary>A risk that names a control in its treatment, as the SoA shows it.</summary>
public sealed record ControlRiskLink(string RiskId, string Title, string AiSystemId, ApprovalState State);

/// <summary>The Statement of Applicability (clause 6.1.3): edits, approvals into evidence-backed versions, exports.</summary>
public sealed class SoaService(ISoaStore store, IEvidenceStore evidence, IRiskRegister risks, TimeProvider time, Work.DecisionAnnouncements announcements)
{
    /// <summary>The announcement kind of SoA approval requests and approvals (<see cref="SoaAnnouncer"/>).</summary>
    public const string AnnouncementKind = "soa";

    /// <summary>The subject of the SoA's approval cards.</summary>
    public const string CardSubject = "soa";

    /// <summary>
    /// Asks top management to approve the live entries (6.1.3): refused when nothing changed since the last approved version;
    /// the request cards are sent from the queue, to everyone of top management who did not edit the SoA since that version.
    /// </summary>
    public async Task<SoaSubmission> SubmitAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var diff = await ChangesAsync(null, cancellationToken);
        if (diff.Changes.Count == 0)
        {
            throw new WorkflowRefusedException(diff.FromVersion is { } v
                ? $"Nothing to approve: the live entries are approved version {v}."
                : "Nothing to approve: no entry of the Statement of Applicability has been recorded yet.");
        }

        var fingerprint = Fingerprint(diff);
        await announcements.EnqueueAsync(AnnouncementKind, CardSubject, "submitted:" + fingerprint, cancellationToken);
        return new SoaSubmission(diff.FromVersion, diff.Changes.Count, fingerprint);
    }

    /// <summary>Who edited an entry since the last approved version: they do not approve it (separation of duties).</summary>
    public async Task<IReadOnlySet<string>> EditorsSinceApprovalAsync(CancellationToken cancellationToken)
    {
        var last = (await store.ListVersionsAsync(cancellationToken)).MaxBy(v => v.Version);
        return (await GetAllAsync(cancellationToken)).Select(e => e.Entry)
            .Where(e => e.UpdatedAt is { } at && (last is null || at > last.ApprovedAt) && e.UpdatedBy is not null)
            .Select(e => e.UpdatedBy!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A short hash of what would be approved: a card carries it, so a press approves only what its card showed.</summary>
    public static string Fingerprint(SoaDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { diff.FromVersion, diff.Changes }, RegisterJson.Options);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16];
    }

    /// <summary>
    /// Per control, the risks whose treatment relies on it, by risk id. Rejected risks rely on nothing. Shown beside the SoA
    /// only: it is read live and is not part of an approved version.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ControlRiskLink>>> RisksByControlAsync(CancellationToken cancellationToken)
    {
        var byControl = new Dictionary<string, List<ControlRiskLink>>(StringComparer.Ordinal);
        await foreach (var risk in risks.ListAllAsync(cancellationToken))
        {
            if (risk.State == ApprovalState.Rejected) continue;
            foreach (var control in risk.Controls.Distinct(StringComparer.Ordinal))
            {
                if (!byControl.TryGetValue(control, out var list)) byControl[control] = list = [];
                list.Add(new ControlRiskLink(risk.Id, risk.Title, risk.AiSystemId, risk.State));
            }
        }

        return byControl.ToDictionary(p => p.Key, p => (IReadOnlyList<ControlRiskLink>)[.. p.Value.OrderBy(r => RiskNumber(r.RiskId)).ThenBy(r => r.RiskId, StringComparer.Ordinal)], StringComparer.Ordinal);
    }

    private static int RiskNumber(string id) => int.TryParse(id.AsSpan(id.IndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;

    public static readonly EvidenceKind SoaVersionKind = EvidenceKind.SoaVersion;

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<IReadOnlyList<VersionedSoaEntry>> GetAllAsync(CancellationToken cancellationToken) =>
        StatementOfApplicability.Complete(await store.ListAsync(cancellationToken));

    /// <summary>
    /// Approves the current SoA as the next version: the whole SoA is recorded as evidence (kind <c>soa-version</c>,
    /// clause 6.1.3) and the version points at it.
    /// </summary>
    public async Task<SoaVersion> ApproveAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var entries = (await GetAllAsync(cancellationToken)).Select(e => e.Entry).ToList();
        var last = (await store.ListVersionsAsync(cancellationToken)).MaxBy(v => v.Version);
        // Separation of duties: whoever edited an entry since the last approved version does not approve it.
        var edited = entries.Where(e => e.UpdatedAt is { } at && (last is null || at > last.ApprovedAt)
            && string.Equals(e.UpdatedBy, actor.ObjectId, StringComparison.OrdinalIgnoreCase)).Select(e => e.ControlId).ToList();
        if (edited.Count > 0)
        {
            throw new WorkflowRefusedException(
                $"You edited {string.Join(", ", edited.Take(10))}{(edited.Count > 10 ? ", …" : "")} since {(last is null ? "the SoA was started" : $"version {last.Version}")}; the SoA is approved by someone who did not edit it (separation of duties).");
        }

        for (var attempt = 0; ; attempt++)
        {
            var versions = await store.ListVersionsAsync(cancellationToken);
            var number = versions.Count == 0 ? 1 : versions.Max(v => v.Version) + 1;
            var now = time.GetUtcNow();
            var snapshot = new SoaSnapshot(number, now, actor.ObjectId, entries);
            var applicable = entries.Count(e => e.Applicable);
            var implemented = entries.Count(e => e.Applicable && e.Status == ImplementationStatus.Implemented);
            var item = await evidence.RecordAsync(NewEvidence.FromJson(SoaVersionKind, $"soa:v{number}", EvidenceActor(actor), ["6.1.3"], [],
                $"soa:v{number}", $"Statement of Applicability version {number} approved: {applicable} of {entries.Count} controls applicable, {implemented} implemented.",
                snapshot, now, RegisterJson.Options), cancellationToken);
            var version = new SoaVersion(number, now, actor.ObjectId, EvidenceActor(actor).DisplayName, item.Id, applicable, implemented);
            try
            {
                await store.AddVersionAsync(version, cancellationToken);
                // The approval and its evidence stand; replacing the request cards is queued work (a lost enqueue leaves cards
                // whose press answers that the version exists).
                await announcements.EnqueueAsync(AnnouncementKind, CardSubject, "approved:" + number.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
                return version;
            }
            catch (ConcurrencyConflictException) when (attempt < 3)
            {
                // Someone approved the same number at the same moment: take the next one.
            }
        }
    }

    /// <summary>
    /// What changed between an approved version and the one before it, read from the versions' evidence payloads (what was
    /// approved, not what is stored now); with <paramref name="version"/> null, the live entries against the last approved version.
    /// </summary>
    public async Task<SoaDiff> ChangesAsync(int? version, CancellationToken cancellationToken)
    {
        var versions = (await store.ListVersionsAsync(cancellationToken)).OrderBy(v => v.Version).ToList();
        if (version is null)
        {
            var live = (await GetAllAsync(cancellationToken)).Select(e => e.Entry).ToList();
            return versions.Count == 0 ? SoaDiff.Between(null, [], null, live) : SoaDiff.Between(versions[^1].Version, await SnapshotAsync(versions[^1], cancellationToken), null, live);
        }

        var index = versions.FindIndex(v => v.Version == version);
        if (index < 0)
        {
            throw new KeyNotFoundException($"There is no approved version {version} of the Statement of Applicability.");
        }

        var to = await SnapshotAsync(versions[index], cancellationToken);
        return index == 0 ? SoaDiff.Between(null, [], version, to) : SoaDiff.Between(versions[index - 1].Version, await SnapshotAsync(versions[index - 1], cancellationToken), version, to);
    }

    private async Task<IReadOnlyList<SoaEntry>> SnapshotAsync(SoaVersion version, CancellationToken cancellationToken)
    {
        await using var payload = await evidence.OpenPayloadAsync(version.EvidenceId, cancellationToken)
            ?? throw new EvidenceIntegrityException($"The evidence of SoA version {version.Version} ({version.EvidenceId}) is missing.");
        var snapshot = await System.Text.Json.JsonSerializer.DeserializeAsync<SoaSnapshot>(payload, RegisterJson.Options, cancellationToken);
        return snapshot?.Entries ?? [];
    }

    /// <summary>An entry edit as evidence (kind <c>soa-entry-change</c>): who changed what in the SoA and when, before any approval.</summary>
    public Task<EvidenceItem> RecordEditAsync(SoaEntry entry, Actor actor, CancellationToken cancellationToken) =>
        evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.SoaEntryChange, $"soa:{entry.ControlId}", EvidenceActor(actor), ["6.1.3"], [],
            $"soa:{entry.ControlId}", $"SoA entry {entry.ControlId} edited by {EvidenceActor(actor).DisplayName}: {(entry.Applicable ? "applicable" : "not applicable")}, {entry.Status}",
            entry, entry.UpdatedAt, RegisterJson.Options), cancellationToken);

    internal static Actor EvidenceActor(Actor actor) => actor.ForEvidence();
}

/// <summary>
/// <c>GET /api/soa/changes</c> (edits since the last approved version: what an approver reviews) and
/// <c>GET /api/soa/versions/{version}/changes</c> (an approved version against the one before it).
/// </summary>
public sealed class SoaChangesHandler(SoaService soa) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.Route("version");
        if (raw.Length == 0)
        {
            return ApiResults.Ok(await soa.ChangesAsync(null, request.Aborted));
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? ApiResults.Ok(await soa.ChangesAsync(version, request.Aborted))
            : ApiProblems.Validation("version", "Version: a whole number (1, 2, …).");
    }
}

/// <summary><c>GET /api/soa</c> (any AIMS role): all 38 Annex A controls with their SoA entry (never-edited ones as defaults).</summary>
public sealed class GetSoaHandler(SoaService soa) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var entries = await soa.GetAllAsync(request.Aborted);
        var risks = await soa.RisksByControlAsync(request.Aborted);
        return ApiResults.Ok(new
        {
            controls = entries.Select(e => SoaEntryView.From(e) with { Risks = risks.TryGetValue(e.Entry.ControlId, out var r) ? r : [] }),
            applicable = entries.Count(e => e.Entry.Applicable),
            implemented = entries.Count(e => e.Entry.Applicable && e.Entry.Status == ImplementationStatus.Implemented),
        });
    }
}

/// <summary>
/// <c>PUT /api/soa/{controlId}</c> (AimsManager): sets one control's entry. A justification is required when the control
/// is not applicable; evidence ids must name recorded evidence. If-Match is optional (409 when stale).
/// </summary>
public sealed class UpdateSoaEntryHandler(ISoaStore store, IEvidenceStore evidence, SoaService soa) : IEndpointHandler<SoaEntryInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<SoaEntryInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var controlId = request.Route("controlId");
        if (!Iso42001Catalog.IsControl(controlId))
        {
            return ApiProblems.NotFound($"'{controlId}' is not an Annex A control id (A.2.2 .. A.10.4).");
        }

        var (entry, errors) = StatementOfApplicability.Validate(controlId, request.Body, soa.Today, soa.Now, request.Caller.ObjectId);
        if (entry is not null)
        {
            var missing = new Dictionary<string, string[]>();
            for (var i = 0; i < entry.EvidenceIds.Count; i++)
            {
                if (await evidence.GetAsync(entry.EvidenceIds[i], request.Aborted) is null)
                {
                    missing[$"evidenceIds[{i}]"] = ["No such evidence has been recorded."];
                }
            }

            errors = missing;
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var saved = await store.SaveAsync(entry!, request.IfMatch, request.Aborted);
        // The edit is on record whatever happens to it later; repeating the same PUT saves and records it again.
        await soa.RecordEditAsync(saved.Entry, request.Caller, request.Aborted);
        return ApiResults.Ok(SoaEntryView.From(saved), saved.ETag);
    }
}

/// <summary><c>POST /api/soa/approve</c> (top management, never someone who edited it since the last version): records the whole SoA as a new version (evidence, clause 6.1.3); 201.</summary>
public sealed class ApproveSoaHandler(SoaService soa) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Created(await soa.ApproveAsync(request.Caller, request.Aborted));
    }
}

/// <summary><c>POST /api/soa/submit</c> (AIMS manager): asks top management to approve the live entries, on a card in Teams; 202.</summary>
public sealed class SubmitSoaHandler(SoaService soa) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Accepted(await soa.SubmitAsync(request.Caller, request.Aborted));
    }
}

/// <summary><c>GET /api/soa/versions</c> (any AIMS role): every approved version, oldest first, with its evidence id.</summary>
public sealed class ListSoaVersionsHandler(ISoaStore store) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Ok(new { versions = await store.ListVersionsAsync(request.Aborted) });
    }
}

/// <summary>
/// <c>GET /api/soa/export?format=csv|html</c> (any AIMS role): the current SoA as CSV (formula-safe) or as a
/// self-contained HTML page (all text HTML-encoded, no scripts, no external resources).
/// </summary>
public sealed class ExportSoaHandler(SoaService soa, ISoaStore store) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = request.Query["format"].ToString().Trim().ToLowerInvariant();
        if (format.Length == 0)
        {
            format = "csv";
        }

        if (format is not "csv" and not "html")
        {
            return ApiProblems.Validation("format", "csv or html.");
        }

        var entries = (await soa.GetAllAsync(request.Aborted)).Select(e => e.Entry).ToList();
        var risks = await soa.RisksByControlAsync(request.Aborted);
        if (format == "csv")
        {
            var sb = new StringBuilder();
            Csv.AppendRecord(sb, ["controlId", "title", "objective", "applicable", "justification", "status", "ownerObjectId", "evidenceIds", "lastReviewed", "risks"]);
            foreach (var e in entries)
            {
                var control = Iso42001Catalog.Find(e.ControlId)!;
                Csv.AppendRecord(sb, [e.ControlId, control.Title, control.Group, e.Applicable ? "true" : "false", e.Justification, e.Status.ToString(),
                    e.OwnerObjectId, string.Join("; ", e.EvidenceIds), AiSystemValidator.FormatDate(e.LastReviewed), SoaHtml.RiskList(risks, e.ControlId)]);
            }

            request.Http.Response.Headers.ContentDisposition = "attachment; filename=\"statement-of-applicability.csv\"";
            return Results.Text(sb.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
        }

        var versions = await store.ListVersionsAsync(request.Aborted);
        request.Http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        request.Http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Text(SoaHtml.Render(entries, versions.Count == 0 ? null : versions[^1], soa.Now, risks), "text/html; charset=utf-8", Encoding.UTF8);
    }
}

/// <summary>The printable SoA page: one table per Annex A objective, every value HTML-encoded.</summary>
public static class SoaHtml
{
    /// <summary>"R-1, R-4": the risks relying on a control, for the CSV and the page.</summary>
    public static string RiskList(IReadOnlyDictionary<string, IReadOnlyList<ControlRiskLink>>? risks, string controlId) =>
        risks is not null && risks.TryGetValue(controlId, out var list) ? string.Join(", ", list.Select(r => r.RiskId)) : string.Empty;

    public static string Render(IReadOnlyList<SoaEntry> entries, SoaVersion? latest, DateTimeOffset generatedAt, IReadOnlyDictionary<string, IReadOnlyList<ControlRiskLink>>? risks = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        static string H(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);
        var byId = entries.ToDictionary(e => e.ControlId, StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Statement of Applicability (ISO/IEC 42001)</title>\n<style>")
          .Append("body{font-family:Segoe UI,Arial,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}")
          .Append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f0f0f0}")
          .Append(".na{color:#777}.Implemented{color:#176d2c}.NotStarted{color:#a4262c}.Planned,.Partially{color:#8a6100}")
          .Append("</style></head><body>\n<h1>Statement of Applicability</h1>\n<p>ISO/IEC 42001:2023 Annex A, clause 6.1.3. Generated ")
          .Append(H(generatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append(" UTC. ");
        sb.Append(latest is null
            ? "No version approved yet."
            : H(string.Create(CultureInfo.InvariantCulture, $"Latest approved version: {latest.Version}, {latest.ApprovedAt.UtcDateTime:yyyy-MM-dd} by {latest.ApprovedByName} (evidence {latest.EvidenceId}).")));
        sb.Append("</p>\n");
        foreach (var objective in Iso42001Catalog.Objectives)
        {
            sb.Append("<h2>").Append(H(objective.Id)).Append(' ').Append(H(objective.Title)).Append("</h2>\n<table><thead><tr>")
              .Append("<th>Control</th><th>Title</th><th>Applicable</th><th>Justification</th><th>Status</th><th>Owner</th><th>Evidence</th><th>Last reviewed</th><th>Risks relying on it</th>")
              .Append("</tr></thead><tbody>\n");
            foreach (var control in objective.Controls)
            {
                var e = byId.TryGetValue(control.Id, out var found) ? found : SoaEntry.Default(control.Id);
                sb.Append("<tr").Append(e.Applicable ? string.Empty : " class=\"na\"").Append("><td>").Append(H(control.Id)).Append("</td><td>").Append(H(control.Title))
                  .Append("</td><td>").Append(e.Applicable ? "Yes" : "No").Append("</td><td>").Append(H(e.Justification))
                  .Append("</td><td class=\"").Append(H(e.Status.ToString())).Append("\">").Append(e.Applicable ? H(e.Status.ToString()) : "n/a")
                  .Append("</td><td>").Append(H(e.OwnerObjectId)).Append("</td><td>").Append(H(string.Join(", ", e.EvidenceIds)))
                  .Append("</td><td>").Append(H(AiSystemValidator.FormatDate(e.LastReviewed)))
                  .Append("</td><td>").Append(H(RiskList(risks, control.Id))).Append("</td></tr>\n");
            }

            sb.Append("</tbody></table>\n");
        }

        sb.Append("</body></html>\n");
        return sb.ToString();
    }
}
