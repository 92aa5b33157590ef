using Aims.Application.Evidence;
using Aims.Core.Documents;
using Aims.Core.Records;

namespace Aims.Application.Documents;

/// <summary>
/// Documented information (7.5) in the audit pack: every controlled document, every version with its hash and approval history,
/// and the AI policy's approved version (5.2, A.2.2) as a headline.
/// </summary>
public sealed class DocumentPackSection(IRecordStore<ControlledDocument> documents) : IAuditPackSection
{
    public static RegisterTable<ControlledDocument> DocumentTable { get; } = new(
        "Documents", "registers/documents/documents", "Controlled documents: type, owner, review interval and date, the controls they support, current status.",
        [
            new("id", d => d.Id), new("title", d => d.Title), new("type", d => d.Type.ToString()), new("owner_object_id", d => d.OwnerObjectId),
            new("review_interval_months", d => PackRow.Num(d.ReviewIntervalMonths)), new("review_date", d => PackRow.Date(d.ReviewDate)),
            new("last_reviewed_at", d => PackRow.Time(d.LastReviewedAt)), new("controls", d => PackRow.Join(d.Controls)),
            new("versions", d => PackRow.Num(d.Versions.Count)), new("approved_version", d => d.CurrentApproved?.Version),
        ])
    {
        Subject = d => DocumentService.Subject(d.Id),
    };

    public static RegisterTable<(ControlledDocument Document, DocumentVersion Version)> VersionTable { get; } = new(
        "Document versions", "registers/documents/versions", "Every version of every document: file, SHA-256, uploader, status and each decision (who, role, outcome, when).",
        [
            new("document_id", r => r.Document.Id), new("version", r => r.Version.Version), new("status", r => r.Version.Status.ToString()),
            new("file_name", r => r.Version.FileName), new("sha256", r => r.Version.Sha256), new("size", r => r.Version.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("uploaded_by", r => r.Version.UploadedByName), new("uploaded_at", r => PackRow.Time(r.Version.UploadedAt)), new("change_summary", r => r.Version.ChangeSummary),
            new("decisions", r => string.Join(" | ", r.Version.Decisions.Select(x => $"{x.Outcome} by {x.ActorName} ({string.Join("/", x.ActorRoles)}) at {PackRow.Time(x.At)}{(x.Comment is { Length: > 0 } c ? ": " + c : string.Empty)}"))),
        ])
    {
        EvidenceIds = r => [r.Version.EvidenceId],
        Subject = r => DocumentService.Subject(r.Document.Id),
        Matches = (r, item) => item.Id == r.Version.EvidenceId || item.Summary.Contains($" version {r.Version.Version} ", StringComparison.Ordinal),
    };

    public string Name => "documents";

    public async Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ControlledDocument? policy = null;
        await writer.WriteRegisterAsync(DocumentTable, Remember(documents.ListValuesAsync(cancellationToken)), cancellationToken);
        var approved = policy is null ? null : policy.CurrentApproved;
        writer.AddHeadline("AI policy",
            policy is null ? "No AI policy document in the register"
                : approved is null ? $"{policy.Title} ({policy.Id}): no approved version"
                : $"{policy.Title} ({policy.Id}) version {approved.Version}, approved {PackRow.Time(approved.Decisions.LastOrDefault(x => x.Outcome == DocumentDecisionOutcome.Approved)?.At)}, SHA-256 {approved.Sha256}",
            VersionTable.Path + ".csv");
        await writer.WriteRegisterAsync(VersionTable, PackRow.Children(documents.ListValuesAsync(cancellationToken), d => d.Versions, cancellationToken), cancellationToken);

        async IAsyncEnumerable<ControlledDocument> Remember(IAsyncEnumerable<ControlledDocument> all)
        {
            await foreach (var d in all)
            {
                if (d.Type == DocumentType.AiPolicy && (policy is null || policy.CurrentApproved is null))
                {
                    policy = d;
                }

                yield return d;
            }
        }
    }
}
