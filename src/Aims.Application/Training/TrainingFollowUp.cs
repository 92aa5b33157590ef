using Aims.Application.Work;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Core.Register;
using Aims.Core.Training;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Training;

/// <summary>
/// Daily follow-up of launched campaigns: reminders at the configured offsets before the due date to those who have not attested
/// (queued; each offset sent once per person), after due + escalation days one digest per line manager listing their overdue
/// reports (once per material version), and a summary to the AIMS managers. Each round that did something is evidence.
/// </summary>
public sealed class TrainingFollowUpJob(
    ITrainingCampaignStore campaigns,
    ITrainingAssignmentStore assignments,
    TrainingService training,
    ITrainingMessenger messenger,
    IDeliveryLog deliveries,
    IDirectoryClient directory,
    RoleGroupOptions roleGroups,
    IEvidenceStore evidence,
    TimeProvider time,
    ILogger<TrainingFollowUpJob> logger) : IScheduledJob
{
    public string Name => AimsSchedules.TrainingFollowUpJob;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var campaign in (await campaigns.ListAsync(cancellationToken)).Select(c => c.Campaign).Where(c => c.State == CampaignState.Launched))
        {
            await FollowUpAsync(campaign, cancellationToken);
        }
    }

    public async Task<FollowUpRound> FollowUpAsync(TrainingCampaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var open = new List<TrainingAssignment>();
        await foreach (var a in assignments.ListAsync(campaign.Id, cancellationToken))
        {
            if (a.Status != AssignmentStatus.Attested && a.MaterialVersion == campaign.Material.Version)
            {
                open.Add(a);
            }
        }

        // Reminders: the nearest offset already reached (a missed day does not send a burst of older ones).
        var reminders = 0;
        int? offset = today <= campaign.DueDate
            ? campaign.ReminderDaysBeforeDue.Where(d => today >= campaign.DueDate.AddDays(-d)).Cast<int?>().Min()
            : null;
        if (offset is { } days)
        {
            var due = open.Where(a => a.Status != AssignmentStatus.Failed && !(a.RemindersSent ?? []).Contains(days)).ToList();
            await training.EnqueueAsync(due.Select(a => new TrainingSendWork(campaign.Id, campaign.Material.Version, a.ObjectId, TrainingSendWork.Reminder(days))), cancellationToken);
            reminders = due.Count;
        }

        // Escalation: one digest per line manager, once per material version.
        var managersNotified = 0;
        var escalated = new List<string>();
        if (today > campaign.DueDate && today >= campaign.DueDate.AddDays(campaign.EscalationDaysAfterDue) && open.Count > 0)
        {
            var byManager = new Dictionary<string, (DirectoryUser Manager, List<TrainingAssignment> Reports)>(StringComparer.OrdinalIgnoreCase);
            foreach (var a in open)
            {
                var manager = await directory.GetManagerAsync(a.ObjectId, cancellationToken);
                if (manager is null)
                {
                    continue;
                }

                if (!byManager.TryGetValue(manager.ObjectId, out var entry))
                {
                    byManager[manager.ObjectId] = entry = (manager, []);
                }

                entry.Reports.Add(a);
            }

            var key = $"training:{campaign.Id}:{campaign.Material.Version}:escalation";
            foreach (var (managerId, (manager, reports)) in byManager)
            {
                if (await SendOnceAsync(key, managerId, TrainingReportCards.ManagerDigest(campaign, reports), cancellationToken))
                {
                    managersNotified++;
                    escalated.Add(manager.DisplayName);
                    foreach (var report in reports.Where(r => !r.Escalated))
                    {
                        await assignments.UpsertAsync(report with { Escalated = true, UpdatedAt = now }, cancellationToken);
                    }
                }
            }
        }

        var round = new FollowUpRound(campaign.Id, campaign.Material.Version, today, offset, reminders, managersNotified, open.Count);
        if (reminders == 0 && managersNotified == 0)
        {
            return round;
        }

        var status = await training.StatusAsync(campaign, cancellationToken);
        foreach (var groupId in roleGroups.GroupsFor(AimsRole.AimsManager))
        {
            string? token = null;
            do
            {
                var page = await directory.GetGroupMembersPageAsync(groupId, token, cancellationToken);
                foreach (var member in page.Items)
                {
                    await SendOnceAsync($"training:{campaign.Id}:{campaign.Material.Version}:summary:{today:yyyy-MM-dd}", member.ObjectId,
                        TrainingReportCards.Summary(status, reminders, managersNotified), cancellationToken);
                }

                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        await evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.Notification, "training:" + campaign.Id, Actor.System, TrainingEvidence.Clauses, TrainingEvidence.Controls,
            campaign.Id, $"Training follow-up of '{campaign.Title}' on {today:yyyy-MM-dd}: {reminders} reminders queued, {managersNotified} managers notified, {open.Count} not attested",
            new { round, managers = escalated, completion = status.Completion }, now, RegisterJson.Options), cancellationToken);
        logger.LogInformation("Training follow-up {CampaignId}: {Reminders} reminders, {Managers} managers notified", campaign.Id, reminders, managersNotified);
        return round;
    }

    private async Task<bool> SendOnceAsync(string key, string recipient, Teams.Cards.AdaptiveCard card, CancellationToken cancellationToken)
    {
        if (!await deliveries.TryClaimAsync(key, recipient, cancellationToken))
        {
            return false;
        }

        try
        {
            var result = await messenger.SendCardAsync(recipient, card, cancellationToken);
            await deliveries.CompleteAsync(key, recipient, result.Delivered ? "delivered" : "unreachable", result.ActivityId, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next daily round tries again; one unreachable manager does not stop the others.
            await deliveries.ReleaseAsync(key, recipient, CancellationToken.None);
            logger.LogWarning(ex, "Training follow-up {Key} to {Recipient} failed", key, recipient);
            return false;
        }
    }
}

/// <summary>What one follow-up round did for one campaign.</summary>
public sealed record FollowUpRound(string CampaignId, string MaterialVersion, DateOnly Day, int? ReminderOffset, int RemindersQueued, int ManagersNotified, int NotAttested);
