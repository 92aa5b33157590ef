using Aims.Teams.Conversations;

namespace Aims.Application.Training;

/// <summary>The data of <c>campaign.launch</c>: the drafted campaign.</summary>
public sealed record CampaignLaunchData(string CampaignId) : ICardData<CampaignLaunchData>
{
    public static CampaignLaunchData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data.Required("campaignId", "campaign id"));
    }
}
