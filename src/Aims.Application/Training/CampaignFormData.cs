using Aims.Teams.Conversations;

namespace Aims.Application.Training;

/// <summary>
/// The data of <c>campaign.create</c>: the form id the bot gave the form and every input by id. The inputs are then read into
/// the API's request (<see cref="CampaignFormCard.Read"/>), whose errors are shown under their fields on the form again.
/// </summary>
public sealed record CampaignFormData(string FormId, IReadOnlyDictionary<string, string?> Values) : ICardData<CampaignFormData>
{
    public static CampaignFormData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var formId = data.Required(CampaignFormCard.FormIdKey, "form id");
        if (!CampaignFormCard.FormIdPattern().IsMatch(formId))
        {
            throw new CardFieldException(CampaignFormCard.FormIdKey, "form id", "This form is not one the bot sent (its form id is not one of ours). Type 'campaign new' for a fresh one.");
        }

        return new(formId, CampaignFormCard.FieldIds.ToDictionary(id => id, id => data.Optional(id), StringComparer.Ordinal));
    }
}
