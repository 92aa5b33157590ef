using Aims.Application.Proactive;
using Aims.Application.Workspace;
using Aims.Core.Lifecycle;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Lifecycle;

/// <summary>
/// Announces gate requests and decisions from the queue: a waiting request reaches its approver as a card; a decision replaces
/// every copy, completes the system's move if the press was interrupted, and tells the requester. Only the request's latest
/// step is announced; every message is claimed under the announcement's key, so a redelivery sends nothing twice.
/// </summary>
public sealed class GateAnnouncer(LifecycleService service, CardCopies cards, WorkspaceLinks links, ILogger<GateAnnouncer> logger) : Work.IDecisionAnnouncer
{
    public const string KindName = "gate";

    public string Kind => KindName;

    public async Task AnnounceAsync(Work.DecisionAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var current = await service.Requests.GetAsync(announcement.SubjectId, cancellationToken);
        if (current is null || !string.Equals(LifecycleService.LatestKey(current.Value), announcement.DecisionKey, StringComparison.Ordinal))
        {
            logger.LogInformation("Gate {GateId} step {DecisionKey} is gone or superseded; not announced", announcement.SubjectId, announcement.DecisionKey);
            return;
        }

        var request = current.Value;
        var subject = LifecycleService.Subject(request.Id);
        var key = announcement.IdempotencyKey;
        var criteria = await service.CriteriaAsync(request, cancellationToken);
        if (request.State == GateState.Pending)
        {
            await cards.SendOnceAsync(subject, key, request.ApproverObjectId, GateApprovalCard.Create(request, criteria, canDecide: true, links), cancellationToken, key);
            return;
        }

        await service.CompleteMoveAsync(request, cancellationToken);
        await cards.UpdateAllAsync(subject, GateApprovalCard.Create(request, criteria, canDecide: false, links), cancellationToken, key);
        await cards.SendOnceAsync(subject, key + ":outcome", request.RequestedBy,
            GateApprovalCard.Create(request, criteria, canDecide: false, links, $"Your request {request.Id} was {request.State.ToString().ToLowerInvariant()} by {request.DecidedByName}."), cancellationToken, key);
    }
}
