namespace Aims.Core.Reviews;

/// <summary>
/// One decision of a management review as typed on the form (or sent to the API): the text, what it is about, and what it links to
/// (the opportunity it accepts or declines, the action that carries it out, with owner and due date).
/// </summary>
public sealed record ReviewDecisionInput(string? Text, ReviewDecisionTopic? Topic, string? OpportunityId, bool Decline, string? ActionText, string? ActionOwner, DateOnly? ActionDue);
