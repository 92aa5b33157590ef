using System.Runtime.CompilerServices;
using Aims.Application.Evidence;
using Aims.Core.Reviews;

namespace Aims.Application.Reviews;

/// <summary>The audit programme (9.2): every audit and every finding, with the evidence of each.</summary>
public sealed class InternalAuditPackSection(IInternalAudits audits) : IAuditPackSection
{
    public static RegisterTable<InternalAudit> AuditTable { get; } = new(
        "Internal audits", "registers/internal-audits/audits", "The audit programme: scope, plan, auditor, auditee, status and completion of each audit.",
        [
            new("id", a => a.Id), new("title", a => a.Title), new("scope", a => PackRow.Join(a.Scope)), new("planned_date", a => PackRow.Date(a.PlannedDate)),
            new("auditor_object_id", a => a.AuditorObjectId), new("auditee_object_id", a => a.AuditeeObjectId), new("status", a => a.Status.ToString()),
            new("completed_at", a => PackRow.Time(a.CompletedAt)), new("findings", a => PackRow.Num(a.Findings.Count)),
        ])
    {
        Subject = a => InternalAuditService.Subject(a.Id),
    };

    public static RegisterTable<(InternalAudit Audit, AuditFinding Finding)> FindingTable { get; } = new(
        "Audit findings", "registers/internal-audits/findings", "Each finding of each audit (conformity, observation, opportunity, minor or major nonconformity) and the nonconformity it raised.",
        [
            new("audit_id", r => r.Audit.Id), new("finding_id", r => r.Finding.Id), new("type", r => r.Finding.Type.ToString()), new("reference", r => r.Finding.Reference),
            new("text", r => r.Finding.Text), new("by_object_id", r => r.Finding.ByObjectId), new("at", r => PackRow.Time(r.Finding.At)), new("nonconformity_id", r => r.Finding.NonconformityId),
        ])
    {
        Subject = r => InternalAuditService.Subject(r.Audit.Id),
        // Findings share their audit's subject and correlation id; the summary names the finding.
        Matches = (r, item) => item.Summary.Contains($"finding {r.Finding.Id}:", StringComparison.Ordinal),
    };

    public string Name => "internal-audits";

    public async Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteRegisterAsync(AuditTable, audits.ListAsync(cancellationToken), cancellationToken);
        await writer.WriteRegisterAsync(FindingTable, Findings(cancellationToken), cancellationToken);
    }

    private async IAsyncEnumerable<(InternalAudit, AuditFinding)> Findings([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var a in audits.ListAsync(cancellationToken))
        {
            foreach (var f in a.Findings)
            {
                yield return (a, f);
            }
        }
    }
}

/// <summary>
/// Management reviews (9.3): what top management acknowledged, decided, assigned and saw as opportunities, per digest; and the
/// periodic reviews of the review cycles (9.1, 9.3) with their outcomes.
/// </summary>
public sealed class ReviewPackSection(ILeadershipItems leadership, IReviewCycles cycles, ManagementReviewRecorder recorder) : IAuditPackSection
{
    public static RegisterTable<ManagementReviewRecord> RecordTable { get; } = new(
        "Management reviews held", "registers/management-reviews/reviews", "Each management review as top management recorded it: date, attendees, the digest (inputs) it considered, the conclusion on suitability, adequacy and effectiveness, and its decisions with the opportunity or action each is tied to.",
        [
            new("digest_id", r => r.DigestId), new("held_on", r => PackRow.Date(r.HeldOn)), new("attendees", r => string.Join("; ", r.Attendees.Select(a => $"{a.Name} ({a.ObjectId})"))),
            new("suitable", r => r.Suitable.ToString()), new("adequate", r => r.Adequate.ToString()), new("effective", r => r.Effective.ToString()), new("conclusion", r => r.Conclusion),
            new("decisions", r => string.Join("; ", r.Decisions.Select(d => $"{d.Id}: {d.Topic}{(d.OpportunityId is null ? "" : $" {d.OpportunityId} {(d.OpportunityDeclined ? "declined" : "accepted")}")}{(d.ActionId is null ? "" : $" -> {d.ActionId}")}: {d.Text}"))),
            new("recorded_by_object_id", r => r.RecordedByObjectId), new("recorded_by_name", r => r.RecordedByName), new("recorded_at", r => PackRow.Time(r.RecordedAt)),
            new("status", r => r.Status.ToString()), new("closed_at", r => PackRow.Time(r.ClosedAt)),
        ])
    {
        Subject = r => ManagementReviewService.Subject(r.DigestId),
        Matches = (r, item) => item.Kind == Core.Evidence.EvidenceKind.ManagementReviewRecord,
    };

    public static RegisterTable<LeadershipItem> LeadershipTable { get; } = new(
        "Management review outcomes", "registers/management-reviews/outcomes", "Top management's acknowledgements, decisions, actions (owner, due date, status) and opportunities, by review digest.",
        [
            new("id", i => i.Id), new("digest_id", i => i.DigestId), new("kind", i => i.Kind.ToString()), new("text", i => i.Text), new("by_object_id", i => i.ByObjectId),
            new("by_name", i => i.ByName), new("at", i => PackRow.Time(i.At)), new("owner_object_id", i => i.OwnerObjectId), new("due_date", i => PackRow.Date(i.DueDate)),
            new("status", i => i.Status.ToString()), new("done_at", i => PackRow.Time(i.DoneAt)),
        ])
    {
        Subject = i => i.Kind == LeadershipItemKind.Opportunity ? "management-review:opportunities" : ManagementReviewService.Subject(i.DigestId),
        Matches = (i, item) => item.CorrelationId == i.Id,
    };

    public static RegisterTable<(ReviewCycle Cycle, ReviewTask Task)> TaskTable { get; } = new(
        "Periodic reviews", "registers/review-cycles/tasks", "Every review task of every review cycle: what was reviewed, by whom, when, and the outcome.",
        [
            new("cycle_id", r => r.Cycle.Id), new("cycle", r => r.Cycle.Title), new("task_id", r => r.Task.Id), new("kind", r => r.Task.Kind.ToString()), new("period", r => r.Task.Period),
            new("item", r => r.Task.ItemName), new("owner_object_id", r => r.Task.OwnerObjectId), new("opened_at", r => PackRow.Time(r.Task.OpenedAt)), new("due_at", r => PackRow.Time(r.Task.DueAt)),
            new("status", r => r.Task.Status.ToString()), new("comment", r => r.Task.Comment), new("decided_by", r => r.Task.DecidedBy), new("decided_at", r => PackRow.Time(r.Task.DecidedAt)),
            new("clauses", r => PackRow.Join(r.Task.Clauses)), new("controls", r => PackRow.Join(r.Task.Controls)),
        ])
    {
        Subject = r => ReviewCycleService.Subject(r.Cycle.Id),
        Matches = (r, item) => item.CorrelationId == r.Task.Id,
    };

    public string Name => "management-reviews";

    public async Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteRegisterAsync(RecordTable, Records(cancellationToken), cancellationToken);
        await writer.WriteRegisterAsync(LeadershipTable, leadership.ListAllAsync(cancellationToken), cancellationToken);
        await writer.WriteRegisterAsync(TaskTable, Tasks(cancellationToken), cancellationToken);
    }

    private async IAsyncEnumerable<ManagementReviewRecord> Records([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in recorder.ListAsync(cancellationToken))
        {
            yield return record.Value;
        }
    }

    private async IAsyncEnumerable<(ReviewCycle, ReviewTask)> Tasks([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var c in cycles.ListCyclesAsync(cancellationToken))
        {
            await foreach (var t in cycles.ListTasksAsync(c.Id, cancellationToken))
            {
                yield return (c, t);
            }
        }
    }
}
