using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Risks;
using Aims.Teams.Cards;
using Aims.Application.Proactive;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Risks;

/// <summary>
/// Puts the truth about a risk in front of everyone who has its card: updates every copy that was sent (no stale buttons remain),
/// sends the card to whoever must decide next, and tells the submitter the outcome. Runs from the decision-announcements queue
/// (<see cref="RiskAnnouncer"/>), never inside a card press: every message is claimed under the decision's key, so a retry
/// sends nothing twice. Undeliverable messages are logged; a directory failure throws, so the queue retries.
/// </summary>
public sealed class RiskNotifier(
    CardCopies tracked,
    IDirectoryClient directory,
    RoleGroupOptions roleGroups,
    RoleResolver roles,
    WorkspaceLinks links)
{
    public static string Subject(string riskId) => $"risk:{riskId.ToUpperInvariant()}";

    public async Task AnnounceAsync(Risk risk, RiskMatrix matrix, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        var approvers = await NextApproversAsync(risk, cancellationToken);
        var refresh = await tracked.TeamsIdsAsync(approvers.Append(risk.OwnerObjectId), cancellationToken);
        var names = await NamesAsync(risk, cancellationToken);
        await tracked.UpdateAllAsync(Subject(risk.Id), RiskApprovalCard.Build(risk, matrix, RiskCardView.StatusOnly(), refresh, names, links), cancellationToken, idempotencyKey);

        foreach (var approver in approvers)
        {
            var view = await ViewForAsync(risk, approver, names(approver), cancellationToken);
            await tracked.SendOnceAsync(Subject(risk.Id), idempotencyKey, approver, RiskApprovalCard.Build(risk, matrix, view, refresh, names, links), cancellationToken, idempotencyKey);
        }

        if (!RiskWorkflow.IsPending(risk.State) && risk.SubmittedBy is { } submitter && risk.State != ApprovalState.Draft)
        {
            var notice = RiskApprovalCard.Build(risk, matrix, RiskCardView.StatusOnly($"Your risk {risk.Id} is now {RiskWorkflow.Describe(risk.State)}."), refresh, names, links);
            await tracked.SendOnceAsync(Subject(risk.Id), idempotencyKey + ":outcome", submitter, notice, cancellationToken, idempotencyKey);
        }
    }

    /// <summary>The card as one person should see it now: buttons only when they may decide.</summary>
    public async Task<RiskCardView> ViewForAsync(Risk risk, string objectId, string displayName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        if (!RiskWorkflow.IsPending(risk.State))
        {
            return RiskCardView.StatusOnly();
        }

        try
        {
            var assignment = await roles.GetRolesAsync(objectId, RoleFreshness.Current, cancellationToken);
            var why = RiskWorkflow.WhyNot(risk, new RiskActor(objectId, displayName, assignment.Roles), DecisionOutcome.Approved);
            return new RiskCardView(why is null, why);
        }
        catch (DirectoryUnavailableException)
        {
            return new RiskCardView(false, "Your roles cannot be confirmed right now; refresh the card in a few minutes.");
        }
    }

    /// <summary>Display names for the people on a risk card, looked up once per card.</summary>
    public async Task<Func<string, string>> NamesAsync(Risk risk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { risk.OwnerObjectId };
        if (risk.SubmittedBy is not null)
        {
            ids.Add(risk.SubmittedBy);
        }

        foreach (var action in risk.Actions)
        {
            ids.Add(action.OwnerObjectId);
        }

        return await directory.GetDisplayNamesAsync(ids, cancellationToken);
    }

    /// <summary>Who must decide now: the owner while submitted; top management (minus the first approver and the submitter) after.</summary>
    private async Task<IReadOnlyList<string>> NextApproversAsync(Risk risk, CancellationToken cancellationToken)
    {
        switch (risk.State)
        {
            case ApprovalState.Submitted:
                return [risk.OwnerObjectId];
            case ApprovalState.AcceptancePendingTopManagement:
                var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { risk.SubmittedBy ?? string.Empty, risk.OwnerApprovalThisRound?.ActorObjectId ?? string.Empty };
                var leaders = await directory.GetRoleMembersAsync(roleGroups, AimsRole.TopManagement, CardRefresh.MaxUserIds + excluded.Count, cancellationToken);
                return leaders.Select(u => u.ObjectId).Where(id => !excluded.Contains(id)).Take(CardRefresh.MaxUserIds).ToList();
            default:
                return [];
        }
    }
}

/// <summary>Announces risk decisions from the queue: the latest decision only (a superseded one is covered by the later one's event).</summary>
public sealed class RiskAnnouncer(IRiskRegister risks, RiskNotifier notifier, RiskService service, ILogger<RiskAnnouncer> logger) : Work.IDecisionAnnouncer
{
    public const string KindName = "risk";

    public string Kind => KindName;

    public async Task AnnounceAsync(Work.DecisionAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var current = await risks.GetAsync(announcement.SubjectId, cancellationToken);
        if (current is null)
        {
            logger.LogWarning("Risk {RiskId} no longer exists; its decision {DecisionKey} is not announced", announcement.SubjectId, announcement.DecisionKey);
            return;
        }

        if (!string.Equals(current.Risk.Decisions.LastOrDefault()?.RequestId, announcement.DecisionKey, StringComparison.Ordinal))
        {
            logger.LogInformation("Risk {RiskId} decision {DecisionKey} is superseded; the later decision's announcement shows it", announcement.SubjectId, announcement.DecisionKey);
            return;
        }

        await notifier.AnnounceAsync(current.Risk, service.Matrix, announcement.IdempotencyKey, cancellationToken);
    }
}
