using Aims.Teams.Conversations;

namespace Aims.Application.Reviews;

/// <summary>The data of <c>reviewtask.nochange</c> and <c>reviewtask.changes</c>: the task and, for changes, what must change.</summary>
public sealed record ReviewTaskDecisionData(string TaskId, string? ChangesComment) : ICardData<ReviewTaskDecisionData>
{
    public static ReviewTaskDecisionData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data.Required("taskId", "review task id"), data.Optional(ReviewTaskCard.ChangesComment));
    }
}
