using Aims.Teams.Conversations;

namespace Aims.Application.Risks;

/// <summary>The data of <c>assessment.approve</c> and <c>assessment.reject</c>.</summary>
public sealed record ImpactAssessmentDecisionData(string AssessmentId, string? RejectComment) : ICardData<ImpactAssessmentDecisionData>
{
    public static ImpactAssessmentDecisionData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data.Required("assessmentId", "impact assessment"), data.Optional(ImpactAssessmentCard.RejectComment));
    }
}
