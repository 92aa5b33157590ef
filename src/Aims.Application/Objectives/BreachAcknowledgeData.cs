using Aims.Teams.Conversations;

namespace Aims.Application.Objectives;

/// <summary>The data of <c>objective.ack</c>: what is acknowledged (an objective's breach or a monitoring alert) and its id.</summary>
public sealed record BreachAcknowledgeData(string Kind, string Id) : ICardData<BreachAcknowledgeData>
{
    public static BreachAcknowledgeData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var kind = data.OptionalChoice("kind", "breach kind", [BreachCard.KindObjective, BreachCard.KindAlert])
            ?? throw new CardFieldException("kind", "breach kind", "The card did not send its breach kind. Open a fresh card and try again.");
        return new(kind, data.Required("id", "breach id"));
    }
}
