namespace Aims.Core.Reviews;

/// <summary>
/// Extension point: changes in external and internal issues and in the needs of interested parties (9.3.2 b, c)
/// since a moment. No implementation registered: the digest shows "no data".
/// </summary>
public interface IInterestedPartyChangesSource
{
    Task<IReadOnlyList<string>> ChangesSinceAsync(DateTimeOffset? since, CancellationToken cancellationToken = default);
}

/// <summary>Extension point: audit results (9.2, 9.3.2 d) to show in the digest. No implementation registered: "no data".</summary>
public interface IAuditResultsSource
{
    Task<IReadOnlyList<string>> ResultsSinceAsync(DateTimeOffset? since, CancellationToken cancellationToken = default);
}

/// <summary>
/// Extension point (training campaigns): training completion by department (7.2, 7.3). The training capability
/// registers an implementation; until then the digest shows "no data".
/// </summary>
public interface ITrainingCompletionByDepartment
{
    Task<IReadOnlyList<DepartmentCompletion>> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>Extension point: each AI objective's trend since the last management review (9.3.2 d, 6.2).</summary>
public interface IObjectiveTrendsSource
{
    Task<IReadOnlyList<Objectives.ObjectiveTrend>> TrendsSinceAsync(DateTimeOffset? since, CancellationToken cancellationToken = default);
}

/// <summary>Extension point: controlled documents past their review date (7.5.2, A.2.4), one line each.</summary>
public interface IDocumentsPastReviewSource
{
    Task<IReadOnlyList<string>> PastReviewAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Extension point: where the AI systems' impact assessments stand (6.1.4, 8.4, A.5.2): a summary line, then one line per
/// system that needs attention (no approved assessment, a review past due, an assessment awaiting its decision).
/// </summary>
public interface IImpactAssessmentStatusSource
{
    Task<IReadOnlyList<string>> StatusAsync(CancellationToken cancellationToken = default);
}

/// <summary>Extension point: the Statement of Applicability's changes since its last approved version (6.1.3 d), one line per control.</summary>
public interface ISoaChangesSource
{
    Task<IReadOnlyList<string>> ChangesSinceApprovalAsync(CancellationToken cancellationToken = default);
}

/// <summary>Extension point: the results of supplier reviews since a moment (A.10.3, 8.1), one line per assessment.</summary>
public interface ISupplierReviewResultsSource
{
    Task<IReadOnlyList<string>> ResultsSinceAsync(DateTimeOffset? since, CancellationToken cancellationToken = default);
}
