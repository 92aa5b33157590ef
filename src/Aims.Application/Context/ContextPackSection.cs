using Aims.Application.Evidence;
using Aims.Core.Context;
using Aims.Core.Records;

namespace Aims.Application.Context;

/// <summary>The context of the organisation in the audit pack: the AIMS scope (4.3), issues (4.1) and interested parties (4.2).</summary>
public sealed class ContextPackSection(IRecordStore<ContextIssue> issues, IRecordStore<InterestedParty> parties, IRecordStore<AimsScope> scope) : IAuditPackSection
{
    public static RegisterTable<(AimsScope Scope, ScopeBoundary? Boundary)> ScopeTable { get; } = new(
        "AIMS scope", "registers/context/scope", "The scope statement and each boundary: what is included or excluded, and why.",
        [
            new("statement", r => r.Scope.Statement), new("boundary_kind", r => r.Boundary?.Kind.ToString()), new("boundary", r => r.Boundary?.Name),
            new("included", r => r.Boundary is { } b ? (b.Included ? "true" : "false") : null), new("reason", r => r.Boundary?.Reason),
            new("updated_at", r => PackRow.Time(r.Scope.UpdatedAt)), new("updated_by", r => r.Scope.UpdatedBy),
        ])
    {
        Subject = _ => $"context:scope:{AimsScope.RecordId}",
    };

    public static RegisterTable<ContextIssue> IssueTable { get; } = new(
        "Context issues", "registers/context/issues", "External and internal issues relevant to the AIMS and their effect on it.",
        [
            new("id", i => i.Id), new("title", i => i.Title), new("origin", i => i.Origin.ToString()), new("category", i => i.Category.ToString()),
            new("description", i => i.Description), new("effect_on_aims", i => i.EffectOnAims), new("active", i => i.Active ? "true" : "false"),
            new("updated_at", i => PackRow.Time(i.UpdatedAt)), new("updated_by", i => i.UpdatedBy),
        ])
    {
        Subject = i => $"context:issue:{i.Id}",
    };

    public static RegisterTable<InterestedParty> PartyTable { get; } = new(
        "Interested parties", "registers/context/interested-parties", "Interested parties, their needs and expectations, and which of them the AIMS addresses.",
        [
            new("id", p => p.Id), new("name", p => p.Name), new("origin", p => p.Origin.ToString()), new("needs", p => string.Join("; ", p.Needs)),
            new("addressed_by_aims", p => string.Join("; ", p.AddressedByAims)), new("active", p => p.Active ? "true" : "false"),
            new("updated_at", p => PackRow.Time(p.UpdatedAt)), new("updated_by", p => p.UpdatedBy),
        ])
    {
        Subject = p => $"context:interestedparty:{p.Id}",
    };

    public string Name => "context";

    public async Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var current = (await scope.GetAsync(AimsScope.RecordId, cancellationToken))?.Value;
        writer.AddHeadline("Scope of the AIMS", current?.Statement ?? "Not yet determined", ScopeTable.Path + ".csv");
        await writer.WriteRegisterAsync(ScopeTable, ScopeRows(current), cancellationToken);
        await writer.WriteRegisterAsync(IssueTable, issues.ListValuesAsync(cancellationToken), cancellationToken);
        await writer.WriteRegisterAsync(PartyTable, parties.ListValuesAsync(cancellationToken), cancellationToken);
    }

    private static async IAsyncEnumerable<(AimsScope, ScopeBoundary?)> ScopeRows(AimsScope? current)
    {
        await Task.CompletedTask;
        if (current is null)
        {
            yield break;
        }

        if (current.Boundaries.Count == 0)
        {
            yield return (current, null);
        }

        foreach (var b in current.Boundaries)
        {
            yield return (current, b);
        }
    }
}
