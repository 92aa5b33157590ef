using Aims.Application.Work;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Reviews;

/// <summary>
/// Announces a leadership response to a management review digest from the queue: every copy of the digest card replaced with
/// the card as it now stands (every response so far), each copy once per response.
/// </summary>
public sealed class ManagementReviewAnnouncer(ManagementReviewService service, ILogger<ManagementReviewAnnouncer> logger) : IDecisionAnnouncer
{
    public const string KindName = "management-review";

    public string Kind => KindName;

    public async Task AnnounceAsync(DecisionAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        if (!await service.HasResponseAsync(announcement.SubjectId, announcement.DecisionKey, cancellationToken))
        {
            logger.LogWarning("Management review {DigestId} has no response {ItemId}; nothing is announced", announcement.SubjectId, announcement.DecisionKey);
            return;
        }

        await service.AnnounceResponseAsync(announcement.SubjectId, announcement.IdempotencyKey, cancellationToken);
    }
}
