using Aims.Application.Reviews;
using Aims.Application.Work;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Core.Register;
using Aims.Core.Reports;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Application.Reports;

/// <summary>
/// Daily: reminds the owner of an overdue corrective action (one round every review reminder interval, the first on the day
/// after it fell due) and tells the AIMS managers once when it is overdue beyond the escalation period, with the same
/// settings as review tasks (<see cref="ReviewCycleOptions"/>). Each round is evidence (10.2); cards show an anonymous
/// reporter as anonymous.
/// </summary>
public sealed class CorrectiveActionFollowUpJob(
    IReportStore reports,
    IEvidenceStore evidence,
    ProactiveMessenger messenger,
    IDeliveryLog deliveries,
    IDirectoryClient directory,
    RoleGroupOptions roleGroups,
    IOptions<ReviewCycleOptions> options,
    TimeProvider time,
    WorkspaceLinks links,
    ILogger<CorrectiveActionFollowUpJob> logger) : IScheduledJob
{
    public string Name => AimsSchedules.CorrectiveActionFollowUpJob;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var (reminded, escalated) = await FollowUpAsync(cancellationToken);
        logger.LogInformation("Corrective action follow-up: {Reminded} reminders, {Escalated} escalations", reminded, escalated);
    }

    public async Task<(int Reminded, int Escalated)> FollowUpAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var o = options.Value;
        var overdue = new List<NonconformityReport>();
        await foreach (var report in reports.ListAllAsync(cancellationToken))
        {
            if (report.Status == ReportStatus.Open && report.CorrectiveActionRecord is { } action && action.IsOverdue(today))
            {
                overdue.Add(report);
            }
        }

        int reminded = 0, escalated = 0;
        IReadOnlyList<string>? managers = null;
        foreach (var report in overdue)
        {
            var action = report.CorrectiveActionRecord!;
            var overdueDays = today.DayNumber - action.DueDate.DayNumber;
            var round = (overdueDays - 1) / Math.Max(1, o.ReminderIntervalDays);
            var reminderKey = $"corrective-reminder:{report.Id}:{action.RecordedAt.UtcTicks}:{round}";
            if (await deliveries.TryClaimAsync(reminderKey, action.OwnerObjectId, cancellationToken))
            {
                await RecordAsync(report, $"Reminder {round + 1} to the owner of the corrective action of {report.Id}: {overdueDays} day(s) overdue", reminderKey, now, cancellationToken);
                var card = ReportCard.Create(report, false, $"Reminder: your corrective action for {report.Id} was due on {action.DueDate:yyyy-MM-dd} and is {overdueDays} day(s) overdue", links);
                var result = await messenger.SendCardAsync(action.OwnerObjectId, card, cancellationToken);
                await deliveries.CompleteAsync(reminderKey, action.OwnerObjectId, result.Delivered ? "delivered" : "unreachable", result.ActivityId, cancellationToken);
                reminded += result.Delivered ? 1 : 0;
            }

            if (overdueDays < o.EscalateAfterDaysOverdue)
            {
                continue;
            }

            var escalationKey = $"corrective-escalation:{report.Id}:{action.RecordedAt.UtcTicks}";
            if (await deliveries.TryClaimAsync(escalationKey, "evidence", cancellationToken))
            {
                await RecordAsync(report, $"Escalation of the overdue corrective action of {report.Id} to the AIMS managers: {overdueDays} day(s) overdue", escalationKey, now, cancellationToken);
                await deliveries.CompleteAsync(escalationKey, "evidence", "recorded", null, cancellationToken);
            }

            managers ??= [.. (await directory.GetRoleMembersAsync(roleGroups, AimsRole.AimsManager, cancellationToken: cancellationToken)).Select(u => u.ObjectId)];
            foreach (var manager in managers.Where(m => !string.Equals(m, action.OwnerObjectId, StringComparison.OrdinalIgnoreCase)))
            {
                if (!await deliveries.TryClaimAsync(escalationKey, manager, cancellationToken))
                {
                    continue;
                }

                var card = ReportCard.Create(report, false, $"Escalation: the corrective action for {report.Id} was due on {action.DueDate:yyyy-MM-dd} and is {overdueDays} day(s) overdue", links);
                var result = await messenger.SendCardAsync(manager, card, cancellationToken);
                await deliveries.CompleteAsync(escalationKey, manager, result.Delivered ? "delivered" : "unreachable", result.ActivityId, cancellationToken);
                escalated += result.Delivered ? 1 : 0;
            }
        }

        return (reminded, escalated);
    }

    private Task RecordAsync(NonconformityReport report, string summary, string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.NonconformityFollowUp, ReportService.Subject(report.Id), Actor.System, ReportService.Clauses, ReportService.Controls, key,
            summary, new { step = "10.2 c", report = report.ForEvidence() }, now, RegisterJson.Options), cancellationToken);
}
