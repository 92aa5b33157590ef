using Aims.Teams.Conversations;

namespace Aims.Application.Reviews;

/// <summary>
/// The data of <c>review.ack</c>, <c>review.decide</c> and <c>review.assign</c> (and the card's refresh): the digest and, for a
/// decision or an action, the inputs as the card labels them.
/// </summary>
public sealed record ManagementReviewResponseData(string DigestId, string? DecisionText, string? ActionText, string? ActionOwner, DateOnly? ActionDue)
    : ICardData<ManagementReviewResponseData>
{
    public static ManagementReviewResponseData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(
            data.Required("digestId", "digest id"),
            data.Optional(ManagementReviewDigestCard.DecisionText),
            data.Optional(ManagementReviewDigestCard.ActionText),
            data.Optional(ManagementReviewDigestCard.ActionOwner),
            data.OptionalDate(ManagementReviewDigestCard.ActionDue, "Due date"));
    }
}
