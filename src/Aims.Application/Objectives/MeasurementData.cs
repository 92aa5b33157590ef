using Aims.Teams.Conversations;

namespace Aims.Application.Objectives;

/// <summary>The data of <c>objective.measure</c>: the objective, the measured value and the optional note.</summary>
public sealed record MeasurementData(string ObjectiveId, double Value, string? Note) : ICardData<MeasurementData>
{
    public static MeasurementData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(
            data.Required("objectiveId", "objective id"),
            data.RequiredNumber(ObjectiveMeasurementCard.ValueInput, "Value"),
            data.Optional(ObjectiveMeasurementCard.NoteInput));
    }
}
