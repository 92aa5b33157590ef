using Aims.Core.Identity;

namespace Aims.Core.Reviews;

/// <summary>What a review cycle reviews (ISO/IEC 42001 6.1.2, 6.1.3, 6.1.4, 5.2, 9.2, A.10.3 all ask for reviews at planned intervals).</summary>
public enum ReviewKind
{
    RiskRegisterReview,
    ImpactAssessmentReview,
    AiPolicyReview,
    SoaReview,
    InternalAudit,
    SupplierReview,
}

/// <summary>The clause and Annex A control ids a kind of review is evidence for.</summary>
public static class ReviewKinds
{
    public static (IReadOnlyList<string> Clauses, IReadOnlyList<string> Controls) References(ReviewKind kind) => kind switch
    {
        ReviewKind.RiskRegisterReview => (["6.1.2", "8.2"], []),
        ReviewKind.ImpactAssessmentReview => (["6.1.4", "8.4"], ["A.5.2"]),
        ReviewKind.AiPolicyReview => (["5.2"], ["A.2.4"]),
        ReviewKind.SoaReview => (["6.1.3"], []),
        ReviewKind.InternalAudit => (["9.2"], []),
        _ => (["9.1"], ["A.10.3"]),
    };

    /// <summary>Kinds reviewed once per AI system in scope (the others have one item: the policy, the SoA, the audit programme).</summary>
    public static bool IsPerSystem(ReviewKind kind) => kind is ReviewKind.RiskRegisterReview or ReviewKind.ImpactAssessmentReview or ReviewKind.SupplierReview;

    public static string Describe(ReviewKind kind) => kind switch
    {
        ReviewKind.RiskRegisterReview => "Risk register review",
        ReviewKind.ImpactAssessmentReview => "Impact assessment review",
        ReviewKind.AiPolicyReview => "AI policy review",
        ReviewKind.SoaReview => "Statement of Applicability review",
        ReviewKind.InternalAudit => "Internal audit programme review",
        _ => "Supplier review",
    };
}

/// <summary>
/// A recurring review (clauses 9.1, 6.1.2-6.1.4, 5.2, 9.2; A.10.3): what is reviewed, how often (a 6-field CRON expression or an
/// ISO 8601 period such as P3M, evaluated in <see cref="TimeZone"/> or the configured zone), which AI systems (null: all),
/// which role answers when an item has no owner, and how many days a period's tasks have.
/// </summary>
public sealed record ReviewCycle(
    string Id,
    string Title,
    ReviewKind Kind,
    string Cadence,
    string? TimeZone,
    IReadOnlyList<string>? SystemIds,
    AimsRole ResponsibleRole,
    int DaysAllowed,
    DateTimeOffset CreatedAt,
    string CreatedBy);

public enum ReviewTaskStatus
{
    Open,
    ReviewedNoChange,
    ChangesNeeded,
}

/// <summary>
/// One item to review by one owner in one period of a cycle (or out of cycle, after a significant change): e.g. the risks of
/// one AI system for its owner. <see cref="ItemKey"/> names the item (<c>ai-system:&lt;id&gt;</c>, <c>supplier:&lt;party&gt;:&lt;system&gt;</c>,
/// <c>soa</c>, <c>ai-policy</c>). <see cref="RecordId"/> names the record that completed it when the review is answered by one
/// (a supplier assessment, an impact assessment re-assessment): that record is the evidence, not the task.
/// </summary>
public sealed record ReviewTask(
    string Id,
    string CycleId,
    ReviewKind Kind,
    string Title,
    string Period,
    string ItemKey,
    string ItemName,
    string OwnerObjectId,
    IReadOnlyList<string> Clauses,
    IReadOnlyList<string> Controls,
    DateTimeOffset OpenedAt,
    DateTimeOffset DueAt,
    string? Reason = null,
    ReviewTaskStatus Status = ReviewTaskStatus.Open,
    string? Comment = null,
    string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null,
    string? RecordId = null)
{
    /// <summary>The cycle id of review tasks opened by a significant change rather than by a cycle.</summary>
    public const string OutOfCycle = "out-of-cycle";

    public bool IsDone => Status != ReviewTaskStatus.Open;

    public bool IsOverdue(DateTimeOffset now) => Status == ReviewTaskStatus.Open && now > DueAt;
}

public sealed record VersionedReviewTask(ReviewTask Task, string ETag);

public enum ReviewPeriodStatus
{
    Open,
    Closed,
}

/// <summary>One period of a cycle: opened once (conditional insert), closed once (conditional update) with its report.</summary>
public sealed record ReviewPeriod(
    string Id,
    string CycleId,
    string Key,
    DateTimeOffset OpenedAt,
    DateTimeOffset EndsAt,
    ReviewPeriodStatus Status = ReviewPeriodStatus.Open,
    DateTimeOffset? ClosedAt = null)
{
    public static string IdFor(string cycleId, string key) => $"{cycleId}-{key}";
}

public sealed record VersionedReviewPeriod(ReviewPeriod Period, string ETag);

/// <summary>What a closed period produced (the closure report, recorded as evidence and sent to the AIMS managers).</summary>
public sealed record ReviewClosureReport(
    string PeriodId,
    string CycleId,
    string Title,
    ReviewKind Kind,
    string Period,
    DateTimeOffset ClosedAt,
    bool AllDone,
    int Tasks,
    int ReviewedNoChange,
    int ChangesNeeded,
    int Overdue,
    IReadOnlyList<ReviewFinding> Findings,
    IReadOnlyList<string> NotDone);

/// <summary>A "changes needed" comment of a review task.</summary>
public sealed record ReviewFinding(string TaskId, string ItemName, string OwnerObjectId, string Comment);

/// <summary>Port: review cycles, their periods and their tasks. Inserts are conditional so that two timer runs open each once.</summary>
public interface IReviewCycles
{
    Task SaveCycleAsync(ReviewCycle cycle, CancellationToken cancellationToken = default);

    /// <summary>Adds the cycle only if its id is free; false when it exists (demo seed).</summary>
    Task<bool> TryAddCycleAsync(ReviewCycle cycle, CancellationToken cancellationToken = default);

    Task<ReviewCycle?> GetCycleAsync(string id, CancellationToken cancellationToken = default);

    IAsyncEnumerable<ReviewCycle> ListCyclesAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens the period; false when another run already opened it.</summary>
    Task<bool> TryOpenPeriodAsync(ReviewPeriod period, CancellationToken cancellationToken = default);

    Task<VersionedReviewPeriod?> GetPeriodAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Open periods of every cycle.</summary>
    IAsyncEnumerable<VersionedReviewPeriod> ListOpenPeriodsAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the period if it is still at <paramref name="expectedETag"/>; false when another run changed it first.</summary>
    Task<bool> TryUpdatePeriodAsync(ReviewPeriod period, string expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Opens the task; false when the task already exists (another run opened it).</summary>
    Task<bool> TryOpenTaskAsync(ReviewTask task, CancellationToken cancellationToken = default);

    Task<VersionedReviewTask?> GetTaskAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the task if it is still at <paramref name="expectedETag"/>; false when another press changed it first.</summary>
    Task<bool> TryUpdateTaskAsync(ReviewTask task, string expectedETag, CancellationToken cancellationToken = default);

    /// <summary>The tasks of one cycle (all periods).</summary>
    IAsyncEnumerable<ReviewTask> ListTasksAsync(string cycleId, CancellationToken cancellationToken = default);

    /// <summary>Every open task of every cycle (for reminders).</summary>
    IAsyncEnumerable<ReviewTask> ListOpenTasksAsync(CancellationToken cancellationToken = default);
}
