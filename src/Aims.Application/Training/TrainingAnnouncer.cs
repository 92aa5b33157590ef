using Aims.Application.Proactive;
using Aims.Application.Work;
using Aims.Core.Training;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Training;

/// <summary>
/// Announces an attestation from the queue: every copy of the person's training card for the campaign (the first card and each
/// reminder) replaced with the attested one, so no Attest button stays in their chat; each copy once per attestation.
/// </summary>
public sealed class TrainingAnnouncer(
    ITrainingCampaignStore campaigns,
    ITrainingAttestationStore attestations,
    CardCopies copies,
    ILogger<TrainingAnnouncer> logger) : IDecisionAnnouncer
{
    public const string KindName = "training-attestation";

    public string Kind => KindName;

    /// <summary>The subject under which every copy of one person's card for a campaign is tracked.</summary>
    public static string Subject(string campaignId, string objectId) => $"training:{campaignId}:{objectId.ToLowerInvariant()}";

    /// <summary>The announcement's subject id: the campaign and the person.</summary>
    public static string SubjectId(string campaignId, string objectId) => $"{campaignId}:{objectId.ToLowerInvariant()}";

    public async Task AnnounceAsync(DecisionAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var separator = announcement.SubjectId.LastIndexOf(':');
        if (separator <= 0)
        {
            throw new MalformedQueueMessageException($"'{announcement.SubjectId}' names no campaign and person.");
        }

        var (campaignId, objectId) = (announcement.SubjectId[..separator], announcement.SubjectId[(separator + 1)..]);
        var campaign = (await campaigns.GetAsync(campaignId, cancellationToken))?.Campaign;
        var attestation = campaign is null ? null : await attestations.GetAsync(campaignId, announcement.DecisionKey, objectId, cancellationToken);
        if (campaign is null || attestation is null)
        {
            logger.LogWarning("No attestation of {CampaignId} version {Version} by {ObjectId}; nothing is announced", campaignId, announcement.DecisionKey, objectId);
            return;
        }

        await copies.UpdateAllAsync(Subject(campaignId, objectId), TrainingAttestationCard.Attested(campaign, attestation), cancellationToken, announcement.IdempotencyKey);
    }
}
