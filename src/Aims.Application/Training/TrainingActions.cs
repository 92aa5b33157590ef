using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Training;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Training;

/// <summary>
/// <c>training.attest</c>: only the person the card was sent to may attest (the validated actor must equal the card's recipient and
/// have the assignment); pressing twice records once; late attestations are accepted and marked late. The attestation is evidence.
/// </summary>
public sealed class TrainingAttestAction(
    ITrainingCampaignStore campaigns,
    ITrainingAssignmentStore assignments,
    ITrainingAttestationStore attestations,
    IEvidenceStore evidence,
    Work.DecisionAnnouncements announcements,
    TimeProvider time,
    ILogger<TrainingAttestAction> logger) : ICardActionHandler
{
    public string Verb => TrainingAttestationCard.Verb;

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        var data = context.Bind<TrainingAttestationData>();
        var (campaignId, version, recipient) = (data.CampaignId, data.Version, data.Recipient);
        if (!string.Equals(context.Actor.ObjectId, recipient, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning("Attestation for {Recipient} in {CampaignId} refused: pressed by {ObjectId} (a forwarded card)", recipient, campaignId, context.Actor.ObjectId);
            throw new AccessDeniedException("This training card was sent to someone else: only they can attest on it. Type 'training' to get your own card.");
        }

        var campaign = (await campaigns.GetAsync(campaignId, ct))?.Campaign ?? throw new CardActionException("This training campaign no longer exists.");
        var assignment = await assignments.GetAsync(campaignId, context.Actor.ObjectId, ct);
        if (assignment is null)
        {
            throw new AccessDeniedException("You are not in the audience of this training, so there is nothing to attest.");
        }

        var existing = await attestations.GetAsync(campaignId, version, context.Actor.ObjectId, ct);
        if (existing is not null)
        {
            // A second press (or a retry after a failure while recording evidence): the first attestation stands.
            existing = await EnsureEvidenceAsync(campaign, existing, context.Actor, ct);
            if (assignment.Status != AssignmentStatus.Attested && assignment.MaterialVersion == version)
            {
                // The first press recorded the attestation but stopped before the assignment was updated.
                await assignments.UpsertAsync(assignment with { Status = AssignmentStatus.Attested, Reason = null, UpdatedAt = existing.At }, ct);
            }

            return TrainingAttestationCard.Attested(campaign, existing);
        }

        if (campaign.State != CampaignState.Launched)
        {
            throw new CardActionException($"This campaign is {campaign.State.ToString().ToLowerInvariant()}: attestations are not taken.");
        }

        if (!string.Equals(version, campaign.Material.Version, StringComparison.Ordinal))
        {
            throw new CardActionException($"The training material was updated to version {campaign.Material.Version}: attest on the new card (type 'training').");
        }

        if (!data.Confirmed)
        {
            throw new CardActionException("Tick the confirmation box before you attest.");
        }

        var now = time.GetUtcNow();
        var attestation = new TrainingAttestation(campaign.Id, version, campaign.Material.Sha256, campaign.StatementSha256, context.Actor.ObjectId,
            assignment.DisplayName, now, campaign.IsLate(now));
        if (!await attestations.TryAddAsync(attestation, ct))
        {
            attestation = await attestations.GetAsync(campaignId, version, context.Actor.ObjectId, ct) ?? attestation;
        }

        attestation = await EnsureEvidenceAsync(campaign, attestation, context.Actor, ct);
        await assignments.UpsertAsync(assignment with { Status = AssignmentStatus.Attested, Reason = null, UpdatedAt = now }, ct);
        logger.LogInformation("{ObjectId} attested {CampaignId} version {Version}{Late}", context.Actor.ObjectId, campaignId, version, attestation.Late ? " (late)" : string.Empty);
        return TrainingAttestationCard.Attested(campaign, attestation);
    }

    /// <summary>The attestation card as it was sent to its recipient, so a refusal (an unticked box, say) keeps it.</summary>
    public async Task<AdaptiveCard?> CardForErrorAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TryBind<TrainingAttestationData>() is not { } data)
        {
            return null;
        }

        var campaign = (await campaigns.GetAsync(data.CampaignId, context.Turn.CancellationToken))?.Campaign;
        return campaign is { State: CampaignState.Launched } && campaign.Material.Version == data.Version
            ? TrainingAttestationCard.Create(campaign, data.Recipient)
            : null;
    }

    /// <summary>
    /// Records the attestation as evidence once (same content and time, so a retry finds the same item), then queues its
    /// announcement (the person's other card copies replaced) before the evidence id is set: until both are done the attestation
    /// has no evidence id, and the next press completes them (queueing twice announces once).
    /// </summary>
    private async Task<TrainingAttestation> EnsureEvidenceAsync(TrainingCampaign campaign, TrainingAttestation attestation, Actor actor, CancellationToken ct)
    {
        if (attestation.EvidenceId is not null)
        {
            return attestation;
        }

        var item = await evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.Attestation, $"training:{campaign.Id}:{attestation.ObjectId}",
            new Actor(actor.ObjectId, attestation.DisplayName), TrainingEvidence.Clauses, TrainingEvidence.Controls, campaign.Id,
            $"{attestation.DisplayName} attested '{campaign.Title}' (material {attestation.MaterialVersion}){(attestation.Late ? ", late" : string.Empty)}",
            new
            {
                campaignId = campaign.Id,
                campaignTitle = campaign.Title,
                materialName = campaign.Material.Name,
                materialVersion = attestation.MaterialVersion,
                materialSha256 = attestation.MaterialSha256,
                statement = campaign.Statement,
                statementSha256 = attestation.StatementSha256,
                objectId = attestation.ObjectId,
                displayName = attestation.DisplayName,
                at = attestation.At,
                late = attestation.Late,
                dueDate = campaign.DueDate,
            }, attestation.At, RegisterJson.Options), ct);
        try
        {
            await announcements.EnqueueAsync(TrainingAnnouncer.KindName, TrainingAnnouncer.SubjectId(campaign.Id, attestation.ObjectId), attestation.MaterialVersion, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The attestation of {CampaignId} by {ObjectId} is recorded but its announcement could not be queued yet", campaign.Id, attestation.ObjectId);
            return attestation;
        }

        await attestations.SetEvidenceAsync(attestation, item.Id, ct);
        return attestation with { EvidenceId = item.Id };
    }
}

/// <summary><c>training</c>: the person's own open trainings, each with its attestation card, then the last ones they completed with their dates.</summary>
public sealed class TrainingCommand(ITrainingCampaignStore campaigns, ITrainingAssignmentStore assignments, ITrainingAttestationStore attestations) : IBotCommand
{
    public const int MaxCards = 10;

    /// <summary>Completed trainings listed, newest first.</summary>
    public const int MaxCompleted = 5;

    public string Name => "training";

    public string Description => "Your open trainings, each with its card to attest, and the ones you completed";

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        var sent = 0;
        var mine = await assignments.ListForPersonAsync(context.Actor.ObjectId, ct);
        foreach (var assignment in mine.Where(a => a.Status != AssignmentStatus.Attested))
        {
            var campaign = (await campaigns.GetAsync(assignment.CampaignId, ct))?.Campaign;
            if (campaign is null || campaign.State != CampaignState.Launched || campaign.Material.Version != assignment.MaterialVersion)
            {
                continue;
            }

            await context.Turn.SendCardAsync(TrainingAttestationCard.Create(campaign, context.Actor.ObjectId));
            if (++sent == MaxCards)
            {
                break;
            }
        }

        var completed = new List<CompletedTraining>();
        foreach (var assignment in mine.Where(a => a.Status == AssignmentStatus.Attested).OrderByDescending(a => a.UpdatedAt).Take(MaxCompleted))
        {
            var campaign = (await campaigns.GetAsync(assignment.CampaignId, ct))?.Campaign;
            var attestation = await attestations.GetAsync(assignment.CampaignId, assignment.MaterialVersion, context.Actor.ObjectId, ct);
            if (campaign is not null && attestation is not null)
            {
                completed.Add(new CompletedTraining(campaign.Title, attestation.MaterialVersion, attestation.At, attestation.Late));
            }
        }

        if (sent == 0 || completed.Count > 0)
        {
            await context.Turn.SendCardAsync(TrainingAttestationCard.Completed([.. completed.OrderByDescending(c => c.At)], nothingOpen: sent == 0));
        }
    }
}

/// <summary><c>campaign NAME</c> (AimsManager): the status card of a campaign found by id, exact title or a unique part of it.</summary>
public sealed class CampaignCommand(ITrainingCampaignStore campaigns, TrainingService training, TimeProvider time) : IBotCommand
{
    /// <summary><c>campaign new</c>: the form to create and launch a campaign.</summary>
    public const string NewSubcommand = "new";

    public string Name => "campaign";

    public string Description => "Status of a training campaign: completion, overdue, unreachable (AIMS managers)";

    public string Usage => "campaign NAME | campaign new";

    public IReadOnlyCollection<AimsRole> AllowedRoles => [AimsRole.AimsManager];

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        var name = arguments.Trim();
        if (name.Equals(NewSubcommand, StringComparison.OrdinalIgnoreCase))
        {
            await context.Turn.SendCardAsync(CampaignFormCard.Create(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)));
            return;
        }

        var all = await campaigns.ListAsync(ct);
        var matches = all.Where(c => c.Campaign.Id.Equals(name, StringComparison.OrdinalIgnoreCase) || c.Campaign.Title.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0 && name.Length > 0)
        {
            matches = [.. all.Where(c => c.Campaign.Title.Contains(name, StringComparison.OrdinalIgnoreCase))];
        }

        if (matches.Count != 1)
        {
            var names = string.Join("; ", all.Take(10).Select(c => c.Campaign.Title));
            await context.Turn.SendCardAsync(ErrorCards.Problem(matches.Count == 0
                ? $"No campaign matches '{CardText.Truncate(name, 100)}'. Campaigns: {names}"
                : $"{matches.Count} campaigns match '{CardText.Truncate(name, 100)}': name one of {string.Join("; ", matches.Take(10).Select(c => c.Campaign.Title))}"));
            return;
        }

        await context.Turn.SendCardAsync(TrainingReportCards.Status(await training.StatusAsync(matches[0].Campaign, ct)));
    }
}
