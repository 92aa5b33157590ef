using Aims.Application.Work;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Reviews;

/// <summary>
/// Announces a leadership response to a management review digest, or the record of the review, from the queue: every copy of
/// the digest card replaced with the card as it now stands, each copy once per response. A recorded review first completes the
/// actions and opportunity outcomes it decided (in case the request that recorded it stopped before them).
/// </summary>
public sealed class ManagementReviewAnnouncer(ManagementReviewService service, ManagementReviewRecorder recorder, ILogger<ManagementReviewAnnouncer> logger) : IDecisionAnnouncer
{
    public const string KindName = "management-review";

    public string Kind => KindName;

    public async Task AnnounceAsync(DecisionAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var known = announcement.DecisionKey.StartsWith(ManagementReviewRecorder.RecordKeyPrefix, StringComparison.Ordinal)
            ? await recorder.PrepareAnnouncementAsync(announcement.SubjectId, announcement.DecisionKey, cancellationToken)
            : await service.HasResponseAsync(announcement.SubjectId, announcement.DecisionKey, cancellationToken);
        if (!known)
        {
            logger.LogWarning("Management review {DigestId} has no response {ItemId}; nothing is announced", announcement.SubjectId, announcement.DecisionKey);
            return;
        }

        await service.AnnounceResponseAsync(announcement.SubjectId, announcement.IdempotencyKey, cancellationToken);
    }
}
