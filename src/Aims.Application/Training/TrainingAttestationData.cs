using Aims.Teams.Conversations;

namespace Aims.Application.Training;

/// <summary>The data of <c>training.attest</c>: the campaign, the material version and the recipient the card was sent to, and the confirmation box.</summary>
public sealed record TrainingAttestationData(string CampaignId, string Version, string Recipient, bool Confirmed) : ICardData<TrainingAttestationData>
{
    public static TrainingAttestationData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(
            data.Required("campaignId", "training campaign id"),
            data.Required("version", "material version"),
            data.Required("recipient", "recipient"),
            data.OptionalBool(TrainingAttestationCard.ConfirmInput, "Confirmation"));
    }
}
