using Aims.Application.Proactive;
using Aims.Application.Work;
using Aims.Core.Training;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Training;

/// <summary>
/// Announces that a launched campaign's audience is resolved: every copy of the launched card (the card the AIMS manager pressed
/// Launch on) is replaced with the one showing the audience size, so "being resolved" does not stay; each copy once.
/// </summary>
public sealed class CampaignLaunchAnnouncer(ITrainingCampaignStore campaigns, CardCopies copies, ILogger<CampaignLaunchAnnouncer> logger) : IDecisionAnnouncer
{
    public const string KindName = "campaign-launch";

    /// <summary>The decision key of the announcement: the audience resolution finished.</summary>
    public const string AudienceResolved = "audience-resolved";

    public string Kind => KindName;

    /// <summary>The subject under which every copy of a campaign's launched card is tracked.</summary>
    public static string Subject(string campaignId) => $"campaign:{campaignId}";

    public async Task AnnounceAsync(DecisionAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var campaign = (await campaigns.GetAsync(announcement.SubjectId, cancellationToken))?.Campaign;
        if (campaign is not { State: CampaignState.Launched, Progress: { Complete: true } })
        {
            logger.LogWarning("Campaign {CampaignId} is not launched with its audience resolved; nothing is announced", announcement.SubjectId);
            return;
        }

        await copies.UpdateAllAsync(Subject(campaign.Id), CampaignFormCard.Launched(campaign), cancellationToken, announcement.IdempotencyKey);
    }
}
