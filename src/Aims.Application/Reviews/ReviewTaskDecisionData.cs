using Aims.Teams.Conversations;

namespace Aims.Application.Reviews;

/// <summary>
/// The data of <c>reviewtask.nochange</c>, <c>reviewtask.changes</c> and <c>reviewtask.assess</c>: the task and, for changes,
/// what must change, for a supplier assessment its outcome and summary.
/// </summary>
public sealed record ReviewTaskDecisionData(string TaskId, string? ChangesComment, string? AssessmentOutcome = null, string? AssessmentSummary = null) : ICardData<ReviewTaskDecisionData>
{
    public static ReviewTaskDecisionData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data.Required("taskId", "review task id"), data.Optional(ReviewTaskCard.ChangesComment), data.Optional(ReviewTaskCard.AssessmentOutcome), data.Optional(ReviewTaskCard.AssessmentSummary));
    }
}
