using Aims.Application.Work;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Core.Risks;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Application.Risks;

/// <summary>
/// Daily: expires acceptances at their review date, reminds approvers of decisions waiting longer than the reminder period
/// (once a day), and tells the AIMS managers about decisions waiting longer than the escalation period (once per round).
/// </summary>
public sealed class RiskFollowUpJob(
    RiskService service,
    IRiskRegister risks,
    RiskNotifier notifier,
    ProactiveMessenger messenger,
    IDeliveryLog deliveries,
    IDirectoryClient directory,
    RoleGroupOptions roleGroups,
    IOptions<RiskOptions> options,
    TimeProvider time,
    WorkspaceLinks links,
    ILogger<RiskFollowUpJob> logger) : IScheduledJob
{
    public const string JobName = AimsSchedules.RiskFollowUpJob;

    public string Name => JobName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var expired = await service.ExpireDueAsync(cancellationToken);
        var now = time.GetUtcNow();
        int reminded = 0, escalated = 0;
        await foreach (var risk in risks.ListAllAsync(cancellationToken))
        {
            if (!RiskWorkflow.IsPending(risk.State))
            {
                continue;
            }

            var since = risk.Decisions.LastOrDefault()?.At ?? risk.SubmittedAt ?? risk.UpdatedAt;
            var waitingDays = (int)(now - since).TotalDays;
            if (waitingDays >= options.Value.ReminderAfterDays)
            {
                reminded += await RemindAsync(risk, waitingDays, now, cancellationToken);
            }

            if (waitingDays >= options.Value.EscalateAfterDays)
            {
                escalated += await EscalateAsync(risk, waitingDays, cancellationToken);
            }
        }

        logger.LogInformation("Risk follow-up: {Expired} expired, {Reminded} reminders, {Escalated} escalations", expired, reminded, escalated);
    }

    private async Task<int> RemindAsync(Risk risk, int waitingDays, DateTimeOffset now, CancellationToken ct)
    {
        var approvers = risk.State == ApprovalState.Submitted ? [risk.OwnerObjectId] : await MembersAsync(AimsRole.TopManagement, ct);
        var names = await notifier.NamesAsync(risk, ct);
        var sent = 0;
        foreach (var approver in approvers.Where(a => !string.Equals(a, risk.SubmittedBy, StringComparison.OrdinalIgnoreCase)))
        {
            var key = $"risk-reminder:{risk.Id}:{risk.Revision}:{now:yyyy-MM-dd}";
            if (!await deliveries.TryClaimAsync(key, approver, ct))
            {
                continue;
            }

            var view = await notifier.ViewForAsync(risk, approver, names(approver), ct);
            if (!view.CanDecide)
            {
                await deliveries.CompleteAsync(key, approver, "not-an-approver", null, ct);
                continue;
            }

            var card = RiskApprovalCard.Build(risk, service.Matrix, view with { Notice = $"Reminder: this decision has waited {Teams.Cards.CardText.Count(waitingDays, "day", "days")}." }, [], names, links);
            var result = await messenger.SendCardAsync(approver, card, ct);
            await deliveries.CompleteAsync(key, approver, result.Delivered ? "delivered" : "unreachable", result.ActivityId, ct);
            sent += result.Delivered ? 1 : 0;
        }

        return sent;
    }

    private async Task<int> EscalateAsync(Risk risk, int waitingDays, CancellationToken ct)
    {
        var names = await notifier.NamesAsync(risk, ct);
        var sent = 0;
        foreach (var manager in await MembersAsync(AimsRole.AimsManager, ct))
        {
            var key = $"risk-escalation:{risk.Id}:{risk.Revision}";
            if (!await deliveries.TryClaimAsync(key, manager, ct))
            {
                continue;
            }

            var card = RiskApprovalCard.Build(risk, service.Matrix, RiskCardView.StatusOnly(
                $"Escalation: this decision has waited {Teams.Cards.CardText.Count(waitingDays, "day", "days")} for {(risk.State == ApprovalState.Submitted ? names(risk.OwnerObjectId) : "top management")}."), [], names, links);
            var result = await messenger.SendCardAsync(manager, card, ct);
            await deliveries.CompleteAsync(key, manager, result.Delivered ? "delivered" : "unreachable", result.ActivityId, ct);
            sent += result.Delivered ? 1 : 0;
        }

        return sent;
    }

    private async Task<IReadOnlyList<string>> MembersAsync(AimsRole role, CancellationToken ct) =>
        [.. (await directory.GetRoleMembersAsync(roleGroups, role, cancellationToken: ct)).Select(u => u.ObjectId)];
}
