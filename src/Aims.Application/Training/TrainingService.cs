using System.Text.Json;
using Aims.Application.Work;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Training;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Training;

/// <summary>The clause and control ids training evidence is mapped to.</summary>
public static class TrainingEvidence
{
    public static readonly string[] Clauses = ["7.2", "7.3"];
    public static readonly string[] Controls = ["A.4.6"];
    public static readonly EvidenceKind CampaignKind = new("training-campaign");
}

/// <summary>One queued send: the attestation card (<see cref="Kind"/> "attest") or a reminder ("reminder-N", N days before due).</summary>
public sealed record TrainingSendWork(string CampaignId, string MaterialVersion, string ObjectId, string Kind = TrainingSendWork.Attest)
{
    public const string Attest = "attest";

    public static string Reminder(int daysBeforeDue) => "reminder-" + daysBeforeDue.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The <see cref="Core.Messaging.IDeliveryLog"/> key: once per campaign, material version, kind (and the recipient).</summary>
    public string IdempotencyKey => $"training:{CampaignId}:{MaterialVersion}:{Kind}";
}

/// <summary>Someone asked for something the campaign's state does not allow (answered 409).</summary>
public sealed class CampaignStateException(string message) : Exception(message);

/// <summary>The audience resolved to nobody, or a group is unknown (answered 400).</summary>
public sealed class AudienceException(string message) : Exception(message);

/// <summary>Training campaigns: create, launch (audience fan-out), republish, status.</summary>
public sealed class TrainingService(
    ITrainingCampaignStore campaigns,
    ITrainingAssignmentStore assignments,
    IDirectoryClient directory,
    IEvidenceStore evidence,
    WorkQueue queue,
    TimeProvider time,
    ILogger<TrainingService> logger)
{
    public async Task<VersionedCampaign> CreateAsync(CampaignRequest r, Actor by, string? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(by);
        var campaign = new TrainingCampaign(
            id ?? "tc-" + Guid.NewGuid().ToString("N")[..12],
            r.Title!.Trim(), r.Description!.Trim(), r.CourseUrl!.Trim(),
            new TrainingMaterial(r.MaterialName!.Trim(), r.MaterialVersion!.Trim(), string.IsNullOrWhiteSpace(r.MaterialSha256) ? null : r.MaterialSha256.ToLowerInvariant(),
                string.IsNullOrWhiteSpace(r.DocumentId) ? null : r.DocumentId.Trim().ToUpperInvariant()),
            r.Statement!.Trim(),
            [.. r.AudienceGroupIds!.Select(g => g.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
            [.. (r.ExcludedObjectIds ?? []).Select(e => e.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
            r.DueDate!.Value,
            [.. (r.ReminderDaysBeforeDue ?? [7, 1]).OrderDescending()],
            r.EscalationDaysAfterDue ?? 7,
            CampaignState.Draft, [], time.GetUtcNow(), by.ObjectId);
        return await campaigns.CreateAsync(campaign, cancellationToken);
    }

    /// <summary>
    /// Resolves the audience (transitive group members, page by page, minus exclusions), writes one assignment per person,
    /// queues one send per person and only then marks the campaign launched. A failure before that leaves it a draft, and
    /// launching again is safe: sends are claimed once per campaign, version and person.
    /// </summary>
    public async Task<(VersionedCampaign Campaign, int Audience)> LaunchAsync(string id, Actor by, CancellationToken cancellationToken = default)
    {
        var current = await campaigns.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No campaign '{id}'.");
        var campaign = current.Campaign;
        if (campaign.State != CampaignState.Draft)
        {
            throw new CampaignStateException($"Campaign '{id}' is {campaign.State}; only a draft can be launched.");
        }

        var audience = await ResolveAudienceAsync(campaign, cancellationToken);
        if (audience.Count == 0)
        {
            throw new AudienceException("The audience groups have no members (after exclusions).");
        }

        var now = time.GetUtcNow();
        await assignments.UpsertManyAsync(
            [.. audience.Select(p => new TrainingAssignment(campaign.Id, p.User.ObjectId, p.User.DisplayName, p.User.Department, p.GroupId, campaign.Material.Version, AssignmentStatus.Pending, null, null, now))],
            cancellationToken);
        await EnqueueAsync(audience.Select(p => new TrainingSendWork(campaign.Id, campaign.Material.Version, p.User.ObjectId)), cancellationToken);

        var launched = await campaigns.UpdateAsync(campaign.Launch(now, by.ObjectId), current.ETag, cancellationToken);
        await evidence.RecordAsync(NewEvidence.FromJson(TrainingEvidence.CampaignKind, "training:" + campaign.Id, by, TrainingEvidence.Clauses, TrainingEvidence.Controls,
            campaign.Id, $"Training campaign '{campaign.Title}' launched to {audience.Count} people (material {campaign.Material.Name} {campaign.Material.Version})",
            new { action = "launch", campaign = launched.Campaign, audience = audience.Count, statementSha256 = campaign.StatementSha256 }, now, RegisterJson.Options), cancellationToken);
        logger.LogInformation("Campaign {CampaignId} launched to {Count} people by {ObjectId}", campaign.Id, audience.Count, by.ObjectId);
        return (launched, audience.Count);
    }

    /// <summary>A new material version: every assignment goes back to pending and gets a new card; old attestations stay as history.</summary>
    public async Task<(VersionedCampaign Campaign, int Audience)> RepublishAsync(string id, RepublishRequest r, Actor by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(r);
        var current = await campaigns.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No campaign '{id}'.");
        TrainingCampaign next;
        try
        {
            var name = string.IsNullOrWhiteSpace(r.MaterialName) ? current.Campaign.Material.Name : r.MaterialName.Trim();
            // The link to a controlled document stays: its next approved version republishes again.
            next = current.Campaign.Republish(current.Campaign.Material with
            {
                Name = name,
                Version = r.MaterialVersion!.Trim(),
                Sha256 = string.IsNullOrWhiteSpace(r.MaterialSha256) ? null : r.MaterialSha256.ToLowerInvariant(),
            });
        }
        catch (InvalidOperationException ex)
        {
            throw new CampaignStateException(ex.Message);
        }

        var updated = await campaigns.UpdateAsync(next, current.ETag, cancellationToken);
        var now = time.GetUtcNow();
        var reset = new List<TrainingAssignment>();
        await foreach (var a in assignments.ListAsync(id, cancellationToken))
        {
            reset.Add(a with { MaterialVersion = next.Material.Version, Status = AssignmentStatus.Pending, Reason = null, ActivityId = null, LastError = null, RemindersSent = [], Escalated = false, UpdatedAt = now });
        }

        await assignments.UpsertManyAsync(reset, cancellationToken);
        await EnqueueAsync(reset.Select(a => new TrainingSendWork(id, next.Material.Version, a.ObjectId)), cancellationToken);
        await evidence.RecordAsync(NewEvidence.FromJson(TrainingEvidence.CampaignKind, "training:" + id, by, TrainingEvidence.Clauses, TrainingEvidence.Controls,
            id, $"Training campaign '{next.Title}' republished with material {next.Material.Name} {next.Material.Version}: {reset.Count} people must attest again",
            new { action = "republish", campaign = next, audience = reset.Count }, now, RegisterJson.Options), cancellationToken);
        return (updated, reset.Count);
    }

    public async Task EnqueueAsync(IEnumerable<TrainingSendWork> work, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (item, ct) =>
            await queue.EnqueueAsync(AimsQueues.TrainingSends, JsonSerializer.Serialize(item), ct));
    }

    /// <summary>Every person in the audience groups (transitively, every page), each once with the first group that named them, minus exclusions.</summary>
    public async Task<IReadOnlyList<(DirectoryUser User, string GroupId)>> ResolveAudienceAsync(TrainingCampaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var excluded = new HashSet<string>(campaign.ExcludedObjectIds, StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<(DirectoryUser, string)>();
        foreach (var group in campaign.AudienceGroupIds)
        {
            string? token = null;
            var pages = 0;
            do
            {
                var page = await directory.GetGroupMembersPageAsync(group, token, cancellationToken);
                foreach (var user in page.Items)
                {
                    if (!excluded.Contains(user.ObjectId) && seen.Add(user.ObjectId))
                    {
                        result.Add((user, group));
                    }
                }

                token = page.ContinuationToken;
                if (++pages > 10_000)
                {
                    throw new AudienceException($"Group '{group}' returned more than 10,000 pages; the directory keeps answering a continuation token.");
                }
            }
            while (token is not null);
        }

        return result;
    }

    public async Task<CampaignStatus> StatusAsync(TrainingCampaign campaign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var list = new List<TrainingAssignment>();
        await foreach (var a in assignments.ListAsync(campaign.Id, cancellationToken))
        {
            list.Add(a);
        }

        var overdue = campaign.State == CampaignState.Launched && time.GetUtcNow() >= campaign.DueEnd;
        static CompletionRow Row(string key, IEnumerable<TrainingAssignment> items)
        {
            var all = items.ToList();
            var done = all.Count(a => a.Status == AssignmentStatus.Attested);
            return new CompletionRow(key, all.Count, done, all.Count == 0 ? 0 : Math.Round(100.0 * done / all.Count, 1));
        }

        static PersonRow Person(TrainingAssignment a) => new(a.ObjectId, a.DisplayName, a.Department, a.Status, a.Reason ?? a.LastError);
        return new CampaignStatus(
            campaign.Id, campaign.Title, campaign.State, campaign.Material.Version, campaign.DueDate,
            Row("all", list),
            list.Count(a => a.Status == AssignmentStatus.Pending),
            list.Count(a => a.Status == AssignmentStatus.Sent),
            [.. list.GroupBy(a => a.GroupId, StringComparer.OrdinalIgnoreCase).Select(g => Row(g.Key, g)).OrderBy(r => r.Key, StringComparer.Ordinal)],
            [.. list.GroupBy(a => a.Department ?? "(none)", StringComparer.OrdinalIgnoreCase).Select(g => Row(g.Key, g)).OrderBy(r => r.Key, StringComparer.Ordinal)],
            overdue ? [.. list.Where(a => a.Status != AssignmentStatus.Attested).Select(Person)] : [],
            [.. list.Where(a => a.Status == AssignmentStatus.Unreachable).Select(Person)],
            [.. list.Where(a => a.Status == AssignmentStatus.Failed).Select(Person)]);
    }
}

public sealed record CompletionRow(string Key, int Total, int Attested, double Percent);

public sealed record PersonRow(string ObjectId, string DisplayName, string? Department, AssignmentStatus Status, string? Reason);

/// <summary>Completion of a campaign's current material version, by group and department, with who needs attention.</summary>
public sealed record CampaignStatus(
    string CampaignId,
    string Title,
    CampaignState State,
    string MaterialVersion,
    DateOnly DueDate,
    CompletionRow Completion,
    int Pending,
    int Sent,
    IReadOnlyList<CompletionRow> ByGroup,
    IReadOnlyList<CompletionRow> ByDepartment,
    IReadOnlyList<PersonRow> Overdue,
    IReadOnlyList<PersonRow> Unreachable,
    IReadOnlyList<PersonRow> Failed);
