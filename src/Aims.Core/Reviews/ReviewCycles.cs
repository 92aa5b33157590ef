namespace Aims.Core.Reviews;

/// <summary>
/// A recurring review (clauses 7.5.2, 9.1; e.g. the AI policy every 12 months, the risk criteria every 6): who reviews what,
/// how often. The cycle opens one review task per period.
/// </summary>
public sealed record ReviewCycle(string Id, string Title, string ReviewerObjectId, int PeriodMonths, IReadOnlyList<string> Clauses, DateTimeOffset CreatedAt)
{
    /// <summary>The period a date falls in: periods of <see cref="PeriodMonths"/> months counted from January of year 1 ("2026-07" for a half year starting in July).</summary>
    public string PeriodKey(DateOnly date)
    {
        var months = Math.Clamp(PeriodMonths, 1, 120);
        var index = ((date.Year - 1) * 12) + (date.Month - 1);
        var start = index - (index % months);
        return $"{(start / 12) + 1:D4}-{(start % 12) + 1:D2}";
    }
}

public enum ReviewTaskStatus
{
    Open,
    ReviewedNoChange,
    ChangesNeeded,
}

public sealed record ReviewTask(
    string Id,
    string CycleId,
    string Title,
    string Period,
    string ReviewerObjectId,
    IReadOnlyList<string> Clauses,
    DateTimeOffset OpenedAt,
    ReviewTaskStatus Status = ReviewTaskStatus.Open,
    string? Comment = null,
    string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null)
{
    public static string IdFor(string cycleId, string period) => $"{cycleId}-{period}";
}

/// <summary>Port: review cycle definitions and their tasks (one per cycle and period).</summary>
public interface IReviewCycles
{
    Task SaveCycleAsync(ReviewCycle cycle, CancellationToken cancellationToken = default);

    IAsyncEnumerable<ReviewCycle> ListCyclesAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens the task; false when the task of that cycle and period already exists (another run opened it).</summary>
    Task<bool> TryOpenTaskAsync(ReviewTask task, CancellationToken cancellationToken = default);

    Task<ReviewTask?> GetTaskAsync(string id, CancellationToken cancellationToken = default);

    Task UpdateTaskAsync(ReviewTask task, CancellationToken cancellationToken = default);
}
