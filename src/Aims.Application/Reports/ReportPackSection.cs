using Aims.Application.Evidence;
using Aims.Core.Reports;

namespace Aims.Application.Reports;

/// <summary>
/// Concerns, incidents and nonconformities with their corrective actions (10.2, A.3.3, A.8.3) in the audit pack, as evidence
/// keeps them: an anonymous report carries no reporter identity here either (nor its sealed identity or lookup hash).
/// </summary>
public sealed class ReportPackSection(IReportStore reports) : IAuditPackSection
{
    public static RegisterTable<NonconformityReport> ReportTable { get; } = new(
        "Nonconformities and corrective actions", "registers/nonconformities/reports", "Every reported concern, incident and nonconformity: severity, root cause, corrective action, due date, effectiveness check, status.",
        [
            new("id", r => r.Id), new("kind", r => r.Kind.ToString()), new("title", r => r.Title), new("description", r => r.Description), new("ai_system_id", r => r.AiSystemId),
            new("anonymous", r => r.Anonymous ? "true" : "false"), new("reporter_object_id", r => r.ReporterObjectId), new("reporter_name", r => r.ReporterName),
            new("created_at", r => PackRow.Time(r.CreatedAt)), new("owner_object_id", r => r.OwnerObjectId), new("severity", r => r.Severity?.ToString()),
            new("root_cause", r => r.RootCause), new("corrective_action", r => r.CorrectiveAction), new("corrective_action_due", r => PackRow.Date(r.CorrectiveActionDueDate)),
            new("effectiveness_verification", r => r.EffectivenessVerification), new("status", r => r.Status.ToString()), new("closed_at", r => PackRow.Time(r.ClosedAt)),
        ])
    {
        Subject = r => ReportService.Subject(r.Id),
    };

    public string Name => "nonconformities";

    public Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return writer.WriteRegisterAsync(ReportTable, Anonymised(cancellationToken), cancellationToken);

        async IAsyncEnumerable<NonconformityReport> Anonymised([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var r in reports.ListAllAsync(cancellationToken).WithCancellation(ct))
            {
                yield return r.ForEvidence();
            }
        }
    }
}
