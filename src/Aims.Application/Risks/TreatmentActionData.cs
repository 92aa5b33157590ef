using Aims.Teams.Conversations;

namespace Aims.Application.Risks;

/// <summary>A "Mark done" press: the risk, the action's position and its text as the card showed it (a card of an edited treatment is recognised).</summary>
public sealed record TreatmentActionData(string RiskId, int ActionIndex, string Action) : ICardData<TreatmentActionData>
{
    public static TreatmentActionData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(
            data.Required("riskId", "risk id"),
            data.OptionalInt("actionIndex", "action") ?? throw new CardFieldException("actionIndex", "action", "The card did not send its action. Open a fresh card and try again."),
            data.Required("action", "action"));
    }
}
