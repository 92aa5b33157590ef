using Aims.Core.Reviews;

namespace Aims.Application.Reviews;

/// <summary>
/// The management review now in hand, as the workspace and the meeting side panel show it: the latest digest top management received
/// (its inputs by section), the review recorded on it if any (with its ETag), the opportunities still open to decide, and the people
/// an action may be given to.
/// </summary>
public sealed record CurrentReviewView(
    string DigestId,
    DateTimeOffset SentAt,
    string RequestedBy,
    DateTimeOffset? PreviousAt,
    IReadOnlyList<DigestSection> Inputs,
    IReadOnlyList<OpportunityView> OpenOpportunities,
    IReadOnlyList<DigestPerson> People,
    ManagementReviewRecord? Record,
    string? RecordETag);
