using Aims.Core.Risks;

namespace Aims.Core.Reviews;

public enum LeadershipItemKind
{
    Acknowledgement,
    Decision,
    Action,
    Opportunity,
}

public enum LeadershipItemStatus
{
    Open,
    Done,
}

/// <summary>
/// Something leadership (or the AIMS manager) put on record during a management review (clause 9.3.3): an acknowledgement,
/// a decision, an action with owner and due date, or an opportunity for improvement. Actions feed the next digest's
/// "status of actions from previous reviews" (9.3.2 a).
/// </summary>
public sealed record LeadershipItem(
    string Id,
    string DigestId,
    LeadershipItemKind Kind,
    string Text,
    string ByObjectId,
    string ByName,
    DateTimeOffset At,
    string? OwnerObjectId = null,
    DateOnly? DueDate = null,
    LeadershipItemStatus Status = LeadershipItemStatus.Open,
    DateTimeOffset? DoneAt = null,
    string? DecidedInReview = null,
    bool Declined = false,
    string? ActionId = null)
{
    /// <summary>An opportunity stays open until a management review decides it (<see cref="DecidedInReview"/>): accepted into
    /// <see cref="ActionId"/>, or declined.</summary>
    public bool IsOpenOpportunity => Kind == LeadershipItemKind.Opportunity && Status == LeadershipItemStatus.Open;

    public bool IsOverdue(DateOnly today) => Kind == LeadershipItemKind.Action && Status == LeadershipItemStatus.Open && DueDate is { } due && due < today;
}

/// <summary>Port: the tracked outcomes of management reviews.</summary>
public interface ILeadershipItems
{
    /// <summary>Adds the item; a second add with the same id (a retried press) changes nothing and returns false.</summary>
    Task<bool> AddAsync(LeadershipItem item, CancellationToken cancellationToken = default);

    Task<LeadershipItem?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task UpdateAsync(LeadershipItem item, CancellationToken cancellationToken = default);

    /// <summary>Every item, streamed.</summary>
    IAsyncEnumerable<LeadershipItem> ListAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>Port: every digest sent, with its figures (for trends) and the digest itself (to rebuild its cards after a press).</summary>
public interface IDigestArchive
{
    Task SaveAsync(ManagementReviewDigest digest, CancellationToken cancellationToken = default);

    Task<ManagementReviewDigest?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The most recent digest, or null before the first.</summary>
    Task<ManagementReviewDigest?> LatestAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The most recent digest that reached top management (<see cref="ManagementReviewDigest.Reviewed"/>): the previous review a
    /// new digest compares with; one nobody in top management received is not a review.
    /// </summary>
    Task<ManagementReviewDigest?> LatestReviewedAsync(CancellationToken cancellationToken = default);
}

/// <summary>9.3.2 a: actions from previous management reviews.</summary>
public sealed record PreviousActionStatus(int Open, int Done, int Overdue, int Decisions, IReadOnlyList<ActionLine> OpenActions, IReadOnlyList<string> RecentDecisions);

public sealed record ActionLine(string Id, string Text, string? OwnerObjectId, DateOnly? DueDate, bool Overdue);

/// <summary>Counts of something by level, in level order.</summary>
public sealed record LevelCounts(int Low, int Medium, int High, int Critical)
{
    public static LevelCounts Zero { get; } = new(0, 0, 0, 0);

    public int this[RiskLevel level] => level switch
    {
        RiskLevel.Low => Low,
        RiskLevel.Medium => Medium,
        RiskLevel.High => High,
        _ => Critical,
    };

    public int Total => Low + Medium + High + Critical;
}

/// <summary>9.3.2 d (performance): risks, treatment and acceptance figures.</summary>
public sealed record RiskFigures(
    int Total,
    LevelCounts ByResidualLevel,
    LevelCounts? PreviousByResidualLevel,
    IReadOnlyList<IReadOnlyList<int>> ResidualHeatmap,
    int OverdueTreatmentActions,
    int Accepted,
    int AcceptancesExpiringWithin30Days,
    int PendingApprovals,
    int DecisionsInPeriod)
{
    /// <summary>Risks whose residual rating is at likelihood <paramref name="likelihood"/> and impact <paramref name="impact"/> (1-5).</summary>
    public int At(int likelihood, int impact) => ResidualHeatmap[likelihood - 1][impact - 1];
}

/// <summary>Nonconformities, incidents and concerns, open and closed by severity (10.2, A.3.3, A.8.4).</summary>
/// <summary>
/// Nonconformities, incidents and concerns (9.3.2 d, 10.2): open and closed now by severity, the trend since the previous
/// review (opened and closed in the period, open at the previous review) and the corrective actions open and overdue.
/// The trend fields are null in digests archived before they were counted.
/// </summary>
public sealed record ReportFigures(
    int Open,
    int Closed,
    IReadOnlyDictionary<string, int> OpenBySeverity,
    IReadOnlyDictionary<string, int> ClosedBySeverity,
    int? OpenedInPeriod = null,
    int? ClosedInPeriod = null,
    int? OpenAtPreviousReview = null,
    int? CorrectiveActionsOpen = null,
    int? CorrectiveActionsOverdue = null);

public sealed record CoverageFigure(int Covered, int Total, double Percent);

public sealed record DepartmentCompletion(string Department, int Completed, int Assigned);

/// <summary>
/// The management review digest for leadership (clause 9.3): the 9.3.2 inputs as figures. A null list means the source
/// is not connected yet ("no data"), an empty list that it has nothing to report.
/// </summary>
public sealed record ManagementReviewDigest(
    string Id,
    DateTimeOffset At,
    string RequestedBy,
    string? PreviousId,
    DateTimeOffset? PreviousAt,
    PreviousActionStatus PreviousActions,
    IReadOnlyList<string>? InterestedPartyChanges,
    RiskFigures Risks,
    CoverageFigure? Coverage,
    ReportFigures Reports,
    IReadOnlyList<string>? AuditResults,
    IReadOnlyList<DepartmentCompletion>? TrainingByDepartment,
    IReadOnlyList<string> Opportunities,
    IReadOnlyList<Objectives.ObjectiveTrend>? Objectives = null,
    IReadOnlyList<string>? DocumentsPastReview = null,
    IReadOnlyList<DigestPerson>? OwnerChoices = null,
    Evidence.LedgerHead? Ledger = null,
    IReadOnlyList<string>? TopManagement = null,
    int? DeliveredToTopManagement = null,
    Evidence.RootTimestamp? LedgerTimestamp = null,
    IReadOnlyList<string>? ImpactAssessments = null,
    IReadOnlyList<string>? SoaChanges = null,
    IReadOnlyList<string>? SupplierReviews = null)
{
    /// <summary>Whether top management received it (digests archived before deliveries were counted are taken as received).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Reviewed => DeliveredToTopManagement is null or > 0;
}
