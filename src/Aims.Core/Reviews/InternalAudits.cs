using Aims.Core.Catalog;
using Aims.Core.Soa;

namespace Aims.Core.Reviews;

public enum AuditFindingType
{
    MajorNonconformity,
    MinorNonconformity,
    Observation,
    OpportunityForImprovement,
}

public enum InternalAuditStatus
{
    Planned,
    Completed,
}

/// <summary>A finding of an internal audit against one clause or control; nonconformities also open a report (10.2), <see cref="NonconformityId"/>.</summary>
public sealed record AuditFinding(string Id, AuditFindingType Type, string Reference, string Text, string ByObjectId, DateTimeOffset At, string? NonconformityId = null)
{
    public bool IsNonconformity => Type is AuditFindingType.MajorNonconformity or AuditFindingType.MinorNonconformity;
}

/// <summary>
/// One audit of the internal audit programme (9.2, 9.2.2): its scope (catalog ids of clauses, clause groups, Annex A objectives
/// or controls), planned date, auditor and, optionally, the auditee (the person responsible for the audited area).
/// </summary>
public sealed record InternalAudit(
    string Id,
    string Title,
    IReadOnlyList<string> Scope,
    DateOnly PlannedDate,
    string AuditorObjectId,
    string? AuditeeObjectId,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    IReadOnlyList<AuditFinding> Findings,
    InternalAuditStatus Status = InternalAuditStatus.Planned,
    DateTimeOffset? CompletedAt = null);

public sealed record VersionedInternalAudit(InternalAudit Audit, string ETag);

/// <summary>Port: the internal audit programme.</summary>
public interface IInternalAudits
{
    /// <summary>Adds the audit; false when the id exists.</summary>
    Task<bool> TryAddAsync(InternalAudit audit, CancellationToken cancellationToken = default);

    Task<VersionedInternalAudit?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the audit if it is still at <paramref name="expectedETag"/>; false when someone changed it first.</summary>
    Task<bool> TryUpdateAsync(InternalAudit audit, string expectedETag, CancellationToken cancellationToken = default);

    IAsyncEnumerable<InternalAudit> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>Rules of the audit programme: a scope of known catalog ids, and auditors who do not audit their own work (9.2.2).</summary>
public static class AuditProgramme
{
    /// <summary>Scope ids that are not in the ISO/IEC 42001 catalog.</summary>
    public static IReadOnlyList<string> UnknownScopeIds(IEnumerable<string> scope) => [.. scope.Where(s => !IsKnownArea(s))];

    /// <summary>A clause, control, Annex A objective (A.6) or sub-objective (A.6.2) of the catalog.</summary>
    public static bool IsKnownArea(string id) =>
        Iso42001Catalog.Find(id) is not null || Iso42001Catalog.Objectives.Any(o => o.Id == id) || Iso42001Catalog.AnnexSubObjectives.ContainsKey(id);

    /// <summary>Whether a catalog id (clause or control) falls in the scope: itself or below one of the scope ids.</summary>
    public static bool InScope(IEnumerable<string> scope, string id) =>
        scope.Any(s => string.Equals(s, id, StringComparison.Ordinal) || id.StartsWith(s + ".", StringComparison.Ordinal));

    /// <summary>
    /// Why <paramref name="auditorObjectId"/> may not audit this scope (objectivity and impartiality, 9.2.2): they are the auditee,
    /// or they own a control in scope in the Statement of Applicability. Null when independent.
    /// </summary>
    public static string? IndependenceProblem(string auditorObjectId, string? auditeeObjectId, IReadOnlyList<string> scope, IEnumerable<SoaEntry> soa)
    {
        if (auditeeObjectId is not null && string.Equals(auditorObjectId, auditeeObjectId, StringComparison.OrdinalIgnoreCase))
        {
            return "The auditor is the auditee of this area: nobody audits their own work.";
        }

        var owned = soa.Where(e => string.Equals(e.OwnerObjectId, auditorObjectId, StringComparison.OrdinalIgnoreCase) && InScope(scope, e.ControlId))
            .Select(e => e.ControlId).Order(StringComparer.Ordinal).ToList();
        return owned.Count == 0 ? null : $"The auditor owns {string.Join(", ", owned)} in the Statement of Applicability: nobody audits their own work.";
    }
}
