using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Core.Risks;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Risks;

/// <summary>
/// Puts the truth about a risk in front of everyone who has its card: updates every copy that was sent (no stale buttons remain),
/// sends the card to whoever must decide next, and tells the submitter the outcome. Messaging failures are logged, never thrown:
/// the decision is already stored and recorded as evidence.
/// </summary>
public sealed class RiskNotifier(
    ProactiveMessenger messenger,
    IConnectorClient connector,
    ITrustedServiceUrls trusted,
    ICardMessageLog cards,
    IChatAddressBook addresses,
    IDirectoryClient directory,
    RoleGroupOptions roleGroups,
    RoleResolver roles,
    TimeProvider time,
    ILogger<RiskNotifier> logger)
{
    public static string Subject(string riskId) => $"risk:{riskId.ToUpperInvariant()}";

    public async Task AnnounceAsync(Risk risk, RiskMatrix matrix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        try
        {
            var approvers = await NextApproversAsync(risk, cancellationToken);
            var refresh = await TeamsIdsAsync(approvers.Append(risk.OwnerObjectId), cancellationToken);
            var names = await NamesAsync(risk, cancellationToken);
            await UpdateCopiesAsync(risk, RiskApprovalCard.Build(risk, matrix, RiskCardView.StatusOnly(), refresh, names), cancellationToken);

            foreach (var approver in approvers)
            {
                var view = await ViewForAsync(risk, approver, names(approver), cancellationToken);
                await SendTrackedAsync(risk, approver, RiskApprovalCard.Build(risk, matrix, view, refresh, names), cancellationToken);
            }

            if (!RiskWorkflow.IsPending(risk.State) && risk.SubmittedBy is { } submitter && risk.State != ApprovalState.Draft)
            {
                var notice = RiskApprovalCard.Build(risk, matrix, RiskCardView.StatusOnly($"Your risk {risk.Id} is now {RiskWorkflow.Describe(risk.State)}."), refresh, names);
                await SendTrackedAsync(risk, submitter, notice, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not announce risk {RiskId} in state {State}", risk.Id, risk.State);
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

    private async Task<IReadOnlyList<string>> TeamsIdsAsync(IEnumerable<string> objectIds, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var objectId in objectIds.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await addresses.FindAsync(objectId, cancellationToken) is { } address)
            {
                ids.Add(address.ChannelUserId);
            }
        }

        return ids;
    }

    private async Task SendTrackedAsync(Risk risk, string recipient, AdaptiveCard card, CancellationToken cancellationToken)
    {
        var result = await messenger.SendCardAsync(recipient, card, cancellationToken);
        if (result is { Delivered: true, ActivityId: not null, ConversationId: not null } && await addresses.FindAsync(recipient, cancellationToken) is { } address)
        {
            await cards.RecordAsync(new CardMessage(Subject(risk.Id), result.ActivityId, result.ConversationId, address.ServiceUrl, recipient, time.GetUtcNow()), cancellationToken);
        }
        else if (!result.Delivered)
        {
            logger.LogWarning("Risk {RiskId} card could not reach {ObjectId}: {Reason}", risk.Id, recipient, result.Reason);
        }
    }

    private async Task UpdateCopiesAsync(Risk risk, AdaptiveCard card, CancellationToken cancellationToken)
    {
        foreach (var copy in await cards.ListAsync(Subject(risk.Id), cancellationToken))
        {
            try
            {
                var serviceUrl = new Uri(copy.ServiceUrl);
                trusted.Trust(serviceUrl);
                await connector.UpdateActivityAsync(serviceUrl, copy.ConversationId, copy.ActivityId, new Activity
                {
                    Type = ActivityTypes.Message,
                    Id = copy.ActivityId,
                    Conversation = new ConversationAccount { Id = copy.ConversationId },
                    Attachments = [new Attachment { ContentType = AdaptiveCard.ContentType, Content = card }],
                }, cancellationToken);
            }
            catch (ConnectorException ex)
            {
                logger.LogWarning(ex, "Could not update the copy {ActivityId} of risk {RiskId} in {ConversationId}", copy.ActivityId, risk.Id, copy.ConversationId);
            }
        }
    }
}
