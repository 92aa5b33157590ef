using Aims.Core.Reviews;

namespace Aims.Application.Reviews;

/// <summary>
/// A management review as top management records it, from the digest card's form or <c>POST /api/management-reviews/{digestId}</c>:
/// when it was held, who attended (object ids), the three 9.3.1 judgements, the conclusion, and the decisions.
/// </summary>
public sealed record ManagementReviewRecordForm(
    DateOnly? HeldOn,
    IReadOnlyList<string>? Attendees,
    ReviewJudgement? Suitable,
    ReviewJudgement? Adequate,
    ReviewJudgement? Effective,
    string? Conclusion,
    IReadOnlyList<ReviewDecisionInput>? Decisions);
