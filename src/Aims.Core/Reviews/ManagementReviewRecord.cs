namespace Aims.Core.Reviews;

/// <summary>Top management's answer to one of the three questions of 9.3.1: is the AIMS still suitable, adequate, effective?</summary>
public enum ReviewJudgement
{
    Yes,
    Partly,
    No,
}

/// <summary>What a management review decision is about (9.3.3): an opportunity for improvement, or a change to the AIMS.</summary>
public enum ReviewDecisionTopic
{
    ImprovementOpportunity,
    ChangeToAims,
}

public enum ManagementReviewStatus
{
    /// <summary>Held and recorded; some of its actions are still open.</summary>
    Recorded,

    /// <summary>Every action it decided is done, and someone closed it.</summary>
    Closed,
}

/// <summary>Someone who attended the review.</summary>
public sealed record ReviewAttendee(string ObjectId, string Name);

/// <summary>
/// A decision of the review, tied to what it decides: an opportunity for improvement (accepted into an action, or declined with
/// the decision's text as the reason) or a change to the AIMS carried out by an action.
/// </summary>
public sealed record ReviewDecision(
    string Id,
    string Text,
    ReviewDecisionTopic Topic,
    string? OpportunityId,
    bool OpportunityDeclined,
    string? ActionId)
{
    /// <summary>The action the decision opens (<see cref="ActionId"/>): what is to be done, by whom, by when.</summary>
    public string? ActionText { get; init; }

    public string? ActionOwner { get; init; }

    public DateOnly? ActionDue { get; init; }
}

/// <summary>
/// The record of one management review (9.3): when it was held, who attended, the digest whose inputs it considered (9.3.2), the
/// conclusion on the AIMS's continuing suitability, adequacy and effectiveness (9.3.1), and its decisions and actions (9.3.3).
/// Its id is the digest's: one review per digest.
/// </summary>
public sealed record ManagementReviewRecord(
    string DigestId,
    DateOnly HeldOn,
    IReadOnlyList<ReviewAttendee> Attendees,
    ReviewJudgement Suitable,
    ReviewJudgement Adequate,
    ReviewJudgement Effective,
    string Conclusion,
    IReadOnlyList<ReviewDecision> Decisions,
    string RecordedByObjectId,
    string RecordedByName,
    DateTimeOffset RecordedAt,
    ManagementReviewStatus Status = ManagementReviewStatus.Recorded,
    string? ClosedByObjectId = null,
    DateTimeOffset? ClosedAt = null)
{
    /// <summary>The request (a card press or an API call) that recorded it: the same request again completes it instead of failing.</summary>
    public string? RequestId { get; init; }

    /// <summary>The actions this review decided (for closing it and for the next digest's 9.3.2 a).</summary>
    public IEnumerable<string> ActionIds => Decisions.Select(d => d.ActionId).OfType<string>();
}
