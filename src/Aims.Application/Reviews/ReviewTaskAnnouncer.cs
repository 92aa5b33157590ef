using Aims.Application.Work;
using Aims.Core.Reviews;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Reviews;

/// <summary>
/// Announces a review task's answer from the queue: the period closed when it was the last task (the closure report reaches the
/// AIMS managers once per period), and every copy of the task's card replaced, once per decision.
/// </summary>
public sealed class ReviewTaskAnnouncer(IReviewCycles cycles, ReviewCycleService service, ILogger<ReviewTaskAnnouncer> logger) : IDecisionAnnouncer
{
    public const string KindName = "review-task";

    public string Kind => KindName;

    public async Task AnnounceAsync(DecisionAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var task = (await cycles.GetTaskAsync(announcement.SubjectId, cancellationToken))?.Task;
        if (task is null || !task.IsDone || !string.Equals(ReviewCycleService.DecisionKey(task), announcement.DecisionKey, StringComparison.Ordinal))
        {
            logger.LogWarning("Review task {TaskId} has no decision {DecisionKey}; nothing is announced", announcement.SubjectId, announcement.DecisionKey);
            return;
        }

        await service.AnnounceAsync(task, announcement.IdempotencyKey, cancellationToken);
    }
}
