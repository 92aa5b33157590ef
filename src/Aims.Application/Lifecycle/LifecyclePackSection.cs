using Aims.Application.Evidence;
using Aims.Core.Lifecycle;
using Aims.Core.Records;

namespace Aims.Application.Lifecycle;

/// <summary>The AI system life cycle (A.6.2) in the audit pack: every gate request with its decision and the criteria the approver saw.</summary>
public sealed class LifecyclePackSection(IRecordStore<GateRequest> gates) : IAuditPackSection
{
    public static RegisterTable<GateRequest> GateTable { get; } = new(
        "Life cycle gates", "registers/ai-systems/gates", "Every gate request: system, move, requester, gate approver, decision, and each criterion as it stood at the decision.",
        [
            new("id", g => g.Id), new("system_id", g => g.SystemId), new("from", g => g.From.ToString()), new("to", g => g.To.ToString()), new("reason", g => g.Reason),
            new("requested_by", g => g.RequestedByName), new("requested_at", g => PackRow.Time(g.RequestedAt)), new("approver", g => g.ApproverName ?? g.ApproverObjectId),
            new("state", g => g.State.ToString()), new("decided_by", g => g.DecidedByName), new("decided_at", g => PackRow.Time(g.DecidedAt)), new("comment", g => g.Comment),
            new("criteria", g => string.Join(" | ", g.CriteriaAtDecision.Select(c => $"{c.Label} ({c.Control}): {(c.Met ? "met" : "not met")}, {c.Detail}"))),
        ])
    {
        Subject = g => LifecycleService.Subject(g.Id),
    };

    public string Name => "lifecycle";

    public async Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteRegisterAsync(GateTable, gates.ListValuesAsync(cancellationToken), cancellationToken);
    }
}
