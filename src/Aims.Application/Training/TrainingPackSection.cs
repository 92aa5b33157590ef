using System.Runtime.CompilerServices;
using Aims.Application.Evidence;
using Aims.Core.Training;

namespace Aims.Application.Training;

/// <summary>
/// Training records per person (7.2, 7.3) in the audit pack: for every campaign, each assigned person's status and, when they
/// attested, when, whether late, and the attestation's evidence (its id is on the attestation, so no lookup per person).
/// </summary>
public sealed class TrainingPackSection(ITrainingCampaignStore campaigns, ITrainingAssignmentStore assignments, ITrainingAttestationStore attestations) : IAuditPackSection
{
    public static RegisterTable<(TrainingCampaign Campaign, TrainingAssignment Assignment, TrainingAttestation? Attestation)> PersonTable { get; } = new(
        "Training records", "registers/training/records", "One row per person per campaign: material version, status, attestation time, lateness, reminders and escalation.",
        [
            new("campaign_id", r => r.Campaign.Id), new("campaign", r => r.Campaign.Title), new("object_id", r => r.Assignment.ObjectId), new("name", r => r.Assignment.DisplayName),
            new("department", r => r.Assignment.Department), new("material_version", r => r.Assignment.MaterialVersion), new("status", r => r.Assignment.Status.ToString()),
            new("due_date", r => PackRow.Date(r.Campaign.DueDate)), new("attested_at", r => PackRow.Time(r.Attestation?.At)),
            new("late", r => r.Attestation is { } a ? (a.Late ? "true" : "false") : null), new("material_sha256", r => r.Attestation?.MaterialSha256),
            new("statement_sha256", r => r.Attestation?.StatementSha256), new("reminders_sent", r => string.Join(' ', r.Assignment.RemindersSent ?? [])),
            new("escalated", r => r.Assignment.Escalated ? "true" : "false"), new("reason", r => r.Assignment.Reason),
        ])
    {
        EvidenceIds = r => [r.Attestation?.EvidenceId],
    };

    public static RegisterTable<TrainingCampaign> CampaignTable { get; } = new(
        "Training campaigns", "registers/training/campaigns", "Each campaign: material and version, statement, audience, due date, reminder and escalation rules, launch.",
        [
            new("id", c => c.Id), new("title", c => c.Title), new("material", c => c.Material.Name), new("material_version", c => c.Material.Version),
            new("material_sha256", c => c.Material.Sha256), new("statement", c => c.Statement), new("audience_group_ids", c => PackRow.Join(c.AudienceGroupIds)),
            new("due_date", c => PackRow.Date(c.DueDate)), new("reminder_days_before_due", c => string.Join(' ', c.ReminderDaysBeforeDue)),
            new("escalation_days_after_due", c => PackRow.Num(c.EscalationDaysAfterDue)), new("state", c => c.State.ToString()),
            new("launched_at", c => PackRow.Time(c.LaunchedAt)), new("launched_by", c => c.LaunchedBy),
        ])
    {
        Subject = c => "training:" + c.Id,
    };

    public string Name => "training";

    public async Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var all = (await campaigns.ListAsync(cancellationToken)).Select(c => c.Campaign).ToList();
        await writer.WriteRegisterAsync(CampaignTable, all.ToAsyncEnumerable(), cancellationToken);
        await writer.WriteRegisterAsync(PersonTable, People(all, cancellationToken), cancellationToken);
    }

    private async IAsyncEnumerable<(TrainingCampaign, TrainingAssignment, TrainingAttestation?)> People(IReadOnlyList<TrainingCampaign> all, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var c in all)
        {
            // One campaign's attestations at a time: bounded by its audience.
            var attested = new Dictionary<(string, string), TrainingAttestation>();
            await foreach (var a in attestations.ListAsync(c.Id, cancellationToken))
            {
                attested[(a.ObjectId, a.MaterialVersion)] = a;
            }

            await foreach (var p in assignments.ListAsync(c.Id, cancellationToken))
            {
                yield return (c, p, attested.GetValueOrDefault((p.ObjectId, p.MaterialVersion)));
            }
        }
    }
}
