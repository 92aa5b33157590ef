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
/// (once a day), tells the AIMS managers about decisions waiting longer than the escalation period (once per round), and
/// follows the open actions of approved treatments (reminders to their owners, then escalation).
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
        int reminded = 0, escalated = 0, actionReminders = 0, actionEscalations = 0;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await foreach (var risk in risks.ListAllAsync(cancellationToken))
        {
            if (risk.State is ApprovalState.Approved or ApprovalState.Accepted && risk.Actions.Any(a => !a.Done))
            {
                var (r, e) = await FollowActionsAsync(risk, today, cancellationToken);
                actionReminders += r;
                actionEscalations += e;
                continue;
            }

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

        logger.LogInformation("Risk follow-up: {Expired} expired, {Reminded} reminders, {Escalated} escalations, {ActionReminders} treatment action reminders, {ActionEscalations} treatment action escalations",
            expired, reminded, escalated, actionReminders, actionEscalations);
    }

    /// <summary>
    /// The open actions of an approved treatment: the owner is reminded once when the due date is near and once when it has
    /// passed (each with "Mark done"); past the escalation period the risk owner and the AIMS managers are told, once per action.
    /// </summary>
    private async Task<(int Reminded, int Escalated)> FollowActionsAsync(Risk risk, DateOnly today, CancellationToken ct)
    {
        int reminded = 0, escalated = 0;
        Func<string, string>? names = null;
        for (var index = 0; index < risk.Actions.Count; index++)
        {
            var action = risk.Actions[index];
            if (action.Done)
            {
                continue;
            }

            var daysLeft = action.DueDate.DayNumber - today.DayNumber;
            var stage = daysLeft < 0 ? "overdue" : daysLeft <= options.Value.ActionReminderDaysBefore ? "due" : null;
            if (stage is null)
            {
                continue;
            }

            names ??= await notifier.NamesAsync(risk, ct);
            // The key names the action by its text and due date too, so an edited action is followed afresh.
            var subject = $"{risk.Id}:{index}:{action.DueDate:yyyy-MM-dd}:{StableHash(action.Description)}";
            var notice = stage == "due"
                ? $"Reminder: this action of an approved treatment is due in {Teams.Cards.CardText.Count(daysLeft, "day", "days")}."
                : "Reminder: this action is past its due date. Mark it done when it is, or agree a new date with the risk owner.";
            if (await SendOnceAsync($"risk-action-{stage}:{subject}", action.OwnerObjectId, TreatmentActionCard.Build(risk, index, today, names, notice, canComplete: true, links), ct))
            {
                reminded++;
            }

            if (-daysLeft >= options.Value.EscalateAfterDays)
            {
                var escalation = $"Escalation: this action is {Teams.Cards.CardText.Count(-daysLeft, "day", "days")} overdue ({names(action.OwnerObjectId)}).";
                foreach (var person in (await MembersAsync(AimsRole.AimsManager, ct)).Append(risk.OwnerObjectId).Distinct(StringComparer.OrdinalIgnoreCase)
                    .Where(p => !string.Equals(p, action.OwnerObjectId, StringComparison.OrdinalIgnoreCase)))
                {
                    if (await SendOnceAsync($"risk-action-escalation:{subject}", person, TreatmentActionCard.Build(risk, index, today, names, escalation, canComplete: false, links), ct))
                    {
                        escalated++;
                    }
                }
            }
        }

        return (reminded, escalated);
    }

    private async Task<bool> SendOnceAsync(string key, string person, Teams.Cards.AdaptiveCard card, CancellationToken ct)
    {
        if (!await deliveries.TryClaimAsync(key, person, ct))
        {
            return false;
        }

        var result = await messenger.SendCardAsync(person, card, ct);
        await deliveries.CompleteAsync(key, person, result.Delivered ? "delivered" : "unreachable", result.ActivityId, ct);
        return result.Delivered;
    }

    private static string StableHash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..12];

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
