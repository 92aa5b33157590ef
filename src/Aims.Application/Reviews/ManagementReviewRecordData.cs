using Aims.Core.Reviews;
using Aims.Teams.Conversations;

namespace Aims.Application.Reviews;

/// <summary>
/// The data of <c>review.record</c>: the digest and the "Record the review" form as the card labels it. Attendees come as the
/// comma-separated values of a multi-select; an empty decision text means the review decided nothing else.
/// </summary>
public sealed record ManagementReviewRecordData(string DigestId, ManagementReviewRecordForm Form) : ICardData<ManagementReviewRecordData>
{
    private static readonly string[] Judgements = Enum.GetNames<ReviewJudgement>();
    private static readonly string[] Topics = Enum.GetNames<ReviewDecisionTopic>();

    public static ManagementReviewRecordData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var decisionText = data.Optional(ManagementReviewDigestCard.RecordDecision);
        var actionText = data.Optional(ManagementReviewDigestCard.RecordActionText);
        ReviewDecisionInput[] decisions = string.IsNullOrWhiteSpace(decisionText) && string.IsNullOrWhiteSpace(actionText)
            ? []
            :
            [
                new ReviewDecisionInput(
                    decisionText,
                    Parse<ReviewDecisionTopic>(data.OptionalChoice(ManagementReviewDigestCard.RecordTopic, "Decision is about", Topics)),
                    data.Optional(ManagementReviewDigestCard.RecordOpportunity),
                    data.OptionalChoice(ManagementReviewDigestCard.RecordOpportunityOutcome, "Opportunity outcome", ["accept", "decline"]) == "decline",
                    actionText,
                    data.Optional(ManagementReviewDigestCard.RecordActionOwner),
                    data.OptionalDate(ManagementReviewDigestCard.RecordActionDue, "Action due date")),
            ];
        var attendees = (data.Optional(ManagementReviewDigestCard.RecordAttendees) ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new(
            data.Required("digestId", "digest id"),
            new ManagementReviewRecordForm(
                data.OptionalDate(ManagementReviewDigestCard.RecordHeldOn, "Date of the review"),
                attendees,
                Parse<ReviewJudgement>(data.OptionalChoice(ManagementReviewDigestCard.RecordSuitable, "Is the AIMS still suitable?", Judgements)),
                Parse<ReviewJudgement>(data.OptionalChoice(ManagementReviewDigestCard.RecordAdequate, "Is the AIMS adequate?", Judgements)),
                Parse<ReviewJudgement>(data.OptionalChoice(ManagementReviewDigestCard.RecordEffective, "Is the AIMS effective?", Judgements)),
                data.Optional(ManagementReviewDigestCard.RecordConclusion),
                decisions));
    }

    private static T? Parse<T>(string? value)
        where T : struct, System.Enum => value is null ? null : System.Enum.Parse<T>(value);
}
