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
    public static readonly EvidenceKind CampaignKind = EvidenceKind.TrainingCampaign;
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

/// <summary>One page of a campaign launch (<see cref="AimsQueues.TrainingLaunch"/>); the cursor itself is in the campaign's <see cref="LaunchProgress"/>.</summary>
public sealed record TrainingLaunchWork(string CampaignId, int Page);

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
    /// <summary>Pages one launch reads at most (10,000 pages of up to 999 members): a directory that never stops paging ends here.</summary>
    public const int MaxLaunchPages = 10_000;

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
    /// Confirms the launch (evidence) and hands the audience to queue work: the first page of each audience group is read here so
    /// an unknown group or an empty audience is answered at once, then the campaign is marked launched (conditional on its ETag,
    /// so two presses launch once) and the first <c>training-launch</c> item is queued. <see cref="TrainingLaunchHandler"/>
    /// resolves the audience page by page from there, however large it is.
    /// </summary>
    public async Task<VersionedCampaign> LaunchAsync(string id, Actor by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var current = await campaigns.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No campaign '{id}'.");
        var campaign = current.Campaign;
        if (campaign is { State: CampaignState.Launched, Progress: { Complete: false, Error: not null } stalled })
        {
            // Launching again resumes an audience resolution the host gave up on (its page went to the poison queue).
            await campaigns.UpdateAsync(campaign with { Progress = stalled with { Error = null } }, current.ETag, cancellationToken);
            await queue.EnqueueAsync(AimsQueues.TrainingLaunch, JsonSerializer.Serialize(new TrainingLaunchWork(campaign.Id, stalled.PagesDone)), cancellationToken);
            logger.LogInformation("Launch of {CampaignId} resumed at page {Page} by {ObjectId}", campaign.Id, stalled.PagesDone, by.ObjectId);
            return (await campaigns.GetAsync(id, cancellationToken))!;
        }

        if (campaign.State != CampaignState.Draft)
        {
            throw new CampaignStateException($"Campaign '{id}' is {campaign.State}; only a draft can be launched.");
        }

        var firstPages = 0;
        foreach (var group in campaign.AudienceGroupIds)
        {
            firstPages += (await directory.GetGroupMembersPageAsync(group, null, cancellationToken)).Items.Count;
        }

        if (firstPages == 0)
        {
            throw new AudienceException("The audience groups have no members.");
        }

        var now = time.GetUtcNow();
        VersionedCampaign launched;
        try
        {
            launched = await campaigns.UpdateAsync(campaign.Launch(now, by.ObjectId), current.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            throw new CampaignStateException($"Campaign '{id}' was launched or changed at the same moment by someone else.");
        }

        await queue.EnqueueAsync(AimsQueues.TrainingLaunch, JsonSerializer.Serialize(new TrainingLaunchWork(campaign.Id, 0)), cancellationToken);
        await evidence.RecordAsync(NewEvidence.FromJson(TrainingEvidence.CampaignKind, "training:" + campaign.Id, by, TrainingEvidence.Clauses, TrainingEvidence.Controls,
            campaign.Id, $"Training campaign '{campaign.Title}' launched to groups {string.Join(", ", campaign.AudienceGroupIds)} (material {campaign.Material.Name} {campaign.Material.Version})",
            new { action = "launch", campaign = launched.Campaign, statementSha256 = campaign.StatementSha256 }, now, RegisterJson.Options), cancellationToken);
        logger.LogInformation("Campaign {CampaignId} launched by {ObjectId}; its audience is resolved in queue work", campaign.Id, by.ObjectId);
        return launched;
    }

    /// <summary>
    /// One <c>training-launch</c> item: resolves the next audience page recorded in the campaign's <see cref="LaunchProgress"/>, adds
    /// the new assignments, queues their sends and advances the progress (conditional on the ETag). Returns the next item, or null
    /// when the audience is complete or the item is stale. Idempotent: a page done already is not redone (an item for the last
    /// page done only re-creates the next item, in case the host stopped before queueing it), a retried page keeps existing
    /// assignments, and sends are claimed once per person.
    /// </summary>
    public async Task<TrainingLaunchWork?> LaunchPageAsync(TrainingLaunchWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var current = await campaigns.GetAsync(work.CampaignId, cancellationToken);
        var campaign = current?.Campaign;
        if (campaign is not { State: CampaignState.Launched, Progress: { Complete: false } progress })
        {
            logger.LogInformation("Launch page {Page} of {CampaignId} skipped: the campaign is gone, not launched or its audience is complete", work.Page, work.CampaignId);
            return null;
        }

        if (work.Page != progress.PagesDone)
        {
            logger.LogInformation("Launch page {Page} of {CampaignId} skipped: {Done} pages are done", work.Page, work.CampaignId, progress.PagesDone);
            return work.Page == progress.PagesDone - 1 ? work with { Page = progress.PagesDone } : null;
        }

        var group = campaign.AudienceGroupIds[progress.NextGroupIndex];
        var page = await directory.GetGroupMembersPageAsync(group, progress.NextToken, cancellationToken);
        var excluded = new HashSet<string>(campaign.ExcludedObjectIds, StringComparer.OrdinalIgnoreCase);
        var now = time.GetUtcNow();
        var people = page.Items.Where(u => !excluded.Contains(u.ObjectId)).DistinctBy(u => u.ObjectId.ToLowerInvariant())
            .Select(u => new TrainingAssignment(campaign.Id, u.ObjectId, u.DisplayName, u.Department, group, campaign.Material.Version, AssignmentStatus.Pending, null, null, now))
            .ToList();
        var added = await assignments.AddNewAsync(people, cancellationToken);

        // Everyone on the page, not only the new ones: after a crash between adding and queueing, the retry must still queue them.
        await EnqueueAsync(people.Select(p => new TrainingSendWork(campaign.Id, campaign.Material.Version, p.ObjectId)), cancellationToken);
        var next = progress.Next(added, page.ContinuationToken, campaign.AudienceGroupIds.Count, now);
        if (next.PagesDone > MaxLaunchPages)
        {
            logger.LogError("Launch of {CampaignId} stopped after {Pages} pages: the directory keeps answering a continuation token", campaign.Id, next.PagesDone);
            next = next with { Complete = true };
        }

        await campaigns.UpdateAsync(campaign with { Progress = next }, current!.ETag, cancellationToken);
        logger.LogInformation("Launch page {Page} of {CampaignId}: {Count} people on the page, {Added} new, {Total} so far", work.Page, campaign.Id, people.Count, added, next.People);
        if (!next.Complete)
        {
            return work with { Page = next.PagesDone };
        }

        await evidence.RecordAsync(NewEvidence.FromJson(TrainingEvidence.CampaignKind, "training:" + campaign.Id, Actor.System, TrainingEvidence.Clauses, TrainingEvidence.Controls,
            campaign.Id, $"Training campaign '{campaign.Title}': audience resolved, {Teams.Cards.CardText.Count(next.People, "person", "people")} assigned (material {campaign.Material.Version})",
            new { action = "audience-resolved", campaignId = campaign.Id, audience = next.People, pages = next.PagesDone, groups = campaign.AudienceGroupIds }, now, RegisterJson.Options), cancellationToken);
        try
        {
            // The launched card still says "being resolved": its copies are replaced from the queue.
            await queue.EnqueueAsync(AimsQueues.DecisionAnnouncements, new DecisionAnnouncement(CampaignLaunchAnnouncer.KindName, campaign.Id, CampaignLaunchAnnouncer.AudienceResolved), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the launched card stays behind (the status command and API show the count); the launch itself is complete.
            logger.LogWarning(ex, "The resolved audience of {CampaignId} could not be announced on its launched card", campaign.Id);
        }

        return null;
    }

    /// <summary>
    /// The audience size for a confirmation card, read within the 15 seconds Teams allows: at most <paramref name="maxPages"/>
    /// pages per group; <c>Complete</c> is false when more pages were left unread.
    /// </summary>
    public async Task<(int People, bool Complete)> CountAudienceAsync(TrainingCampaign campaign, int maxPages, CancellationToken cancellationToken)
    {
        var (people, complete) = await ResolveAsync(campaign, maxPages, cancellationToken);
        return (people.Count, complete);
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
            id, $"Training campaign '{next.Title}' republished with material {next.Material.Name} {next.Material.Version}: {Teams.Cards.CardText.Count(reset.Count, "person", "people")} must attest again",
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
        var (people, complete) = await ResolveAsync(campaign, MaxLaunchPages, cancellationToken);
        return complete ? people : throw new AudienceException($"An audience group returned more than {MaxLaunchPages} pages; the directory keeps answering a continuation token.");
    }

    private async Task<(List<(DirectoryUser User, string GroupId)> People, bool Complete)> ResolveAsync(TrainingCampaign campaign, int maxPagesPerGroup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var excluded = new HashSet<string>(campaign.ExcludedObjectIds, StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<(DirectoryUser, string)>();
        var complete = true;
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
                if (++pages >= maxPagesPerGroup && token is not null)
                {
                    complete = false;
                    break;
                }
            }
            while (token is not null);
        }

        return (result, complete);
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
            campaign.Progress,
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
    LaunchProgress? Launch,
    CompletionRow Completion,
    int Pending,
    int Sent,
    IReadOnlyList<CompletionRow> ByGroup,
    IReadOnlyList<CompletionRow> ByDepartment,
    IReadOnlyList<PersonRow> Overdue,
    IReadOnlyList<PersonRow> Unreachable,
    IReadOnlyList<PersonRow> Failed);
