using System.Text.Json;
using Aims.Application.Proactive;
using Aims.Application.Work;
using Aims.Core.Messaging;
using Aims.Infrastructure.Directory;
using Aims.Core.Training;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Training;

/// <summary>How training cards reach people (a seam so tests can observe sends without a connector).</summary>
public interface ITrainingMessenger
{
    Task<DeliveryResult> SendCardAsync(string objectId, AdaptiveCard card, CancellationToken cancellationToken);
}

/// <summary>Through <see cref="InstallingMessenger"/>: the saved chat, a team roster, or the app installed for them (when configured).</summary>
public sealed class ProactiveTrainingMessenger(InstallingMessenger messenger) : ITrainingMessenger
{
    public Task<DeliveryResult> SendCardAsync(string objectId, AdaptiveCard card, CancellationToken cancellationToken) =>
        messenger.SendCardAsync(objectId, card, cancellationToken);
}

/// <summary>
/// Sends one attestation card or reminder, once per campaign, material version, kind and person (<see cref="IDeliveryLog"/> claim),
/// and records Sent (with the activity id) or Unreachable (with the reason) on the assignment. Transient failures are written to
/// the assignment as its last error and rethrown so the host retries; a refusal by the channel (4xx) marks it Failed at once.
/// </summary>
public sealed class TrainingSendHandler(
    ITrainingCampaignStore campaigns,
    ITrainingAssignmentStore assignments,
    ITrainingMessenger messenger,
    IDeliveryLog deliveries,
    ICardMessageLog cards,
    IChatAddressBook addresses,
    TimeProvider time,
    ILogger<TrainingSendHandler> logger) : IQueueHandler
{
    public string QueueName => AimsQueues.TrainingSends;

    internal static TrainingSendWork? Parse(string message, ILogger logger)
    {
        try
        {
            var work = JsonSerializer.Deserialize<TrainingSendWork>(message);
            if (work is not null && !string.IsNullOrWhiteSpace(work.CampaignId) && !string.IsNullOrWhiteSpace(work.ObjectId) && !string.IsNullOrWhiteSpace(work.MaterialVersion))
            {
                return work;
            }
        }
        catch (JsonException ex)
        {
            logger.LogError(ex, "Dropped a malformed training send");
            return null;
        }

        logger.LogError("Dropped a training send without campaign, version or person");
        return null;
    }

    public async Task HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        var work = Parse(message, logger);
        if (work is null)
        {
            return;
        }

        var campaign = (await campaigns.GetAsync(work.CampaignId, cancellationToken))?.Campaign;
        var assignment = await assignments.GetAsync(work.CampaignId, work.ObjectId, cancellationToken);
        if (campaign is null || assignment is null || campaign.State == CampaignState.Closed
            || campaign.Material.Version != work.MaterialVersion || assignment.MaterialVersion != work.MaterialVersion)
        {
            logger.LogInformation("Skipped training send {Key} to {ObjectId}: campaign, assignment or material version no longer current", work.IdempotencyKey, work.ObjectId);
            return;
        }

        if (assignment.Status == AssignmentStatus.Attested)
        {
            return;
        }

        if (!await deliveries.TryClaimAsync(work.IdempotencyKey, work.ObjectId, cancellationToken))
        {
            logger.LogInformation("Skipped {Key} for {ObjectId}: already sent or in progress", work.IdempotencyKey, work.ObjectId);
            return;
        }

        int? reminder = work.Kind.StartsWith("reminder-", StringComparison.Ordinal) && int.TryParse(work.Kind["reminder-".Length..], out var d) ? d : null;
        var card = TrainingAttestationCard.Create(campaign, work.ObjectId, reminder);
        DeliveryResult result;
        try
        {
            result = await messenger.SendCardAsync(work.ObjectId, card, cancellationToken);
        }
        catch (ConnectorException ex) when (ex.StatusCode is 400 or 401 or 403 or 404)
        {
            // The channel refused for good (blocked bot, unknown user): retrying cannot help.
            await deliveries.CompleteAsync(work.IdempotencyKey, work.ObjectId, "failed", null, CancellationToken.None);
            await assignments.UpsertAsync(assignment with { Status = work.Kind == TrainingSendWork.Attest ? AssignmentStatus.Failed : assignment.Status, Reason = $"Teams refused the message ({ex.StatusCode}): {ex.Message}", UpdatedAt = time.GetUtcNow() }, CancellationToken.None);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await deliveries.ReleaseAsync(work.IdempotencyKey, work.ObjectId, CancellationToken.None);
            await assignments.UpsertAsync(assignment with { LastError = $"Attempt {dequeueCount}: {ex.Message}", UpdatedAt = time.GetUtcNow() }, CancellationToken.None);
            throw;
        }

        await deliveries.CompleteAsync(work.IdempotencyKey, work.ObjectId, result.Delivered ? "delivered" : "unreachable", result.ActivityId, cancellationToken);
        if (result is { Delivered: true, ActivityId: { } activityId, ConversationId: { } conversationId } && await addresses.FindAsync(work.ObjectId, cancellationToken) is { } address)
        {
            // Every copy is tracked, so attesting replaces them all (no Attest button stays in the chat).
            await cards.RecordAsync(new CardMessage(TrainingAnnouncer.Subject(work.CampaignId, work.ObjectId), activityId, conversationId, address.ServiceUrl, work.ObjectId, time.GetUtcNow()), cancellationToken);
        }

        var latest = await assignments.GetAsync(work.CampaignId, work.ObjectId, cancellationToken) ?? assignment;
        if (latest.Status == AssignmentStatus.Attested)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (reminder is { } days)
        {
            await assignments.UpsertAsync(latest with { RemindersSent = [.. latest.RemindersSent ?? [], days], UpdatedAt = now }, cancellationToken);
        }
        else
        {
            await assignments.UpsertAsync(result.Delivered
                ? latest with { Status = AssignmentStatus.Sent, ActivityId = result.ActivityId, Reason = null, LastError = null, UpdatedAt = now }
                : latest with { Status = AssignmentStatus.Unreachable, Reason = result.Reason, UpdatedAt = now }, cancellationToken);
        }
    }
}

/// <summary>
/// Reads <c>training-sends-poison</c>: a send the host gave up on marks the assignment Failed, with the last error as the reason, so
/// it shows in the campaign status. Never throws for a bad item (there is no poison queue behind this one).
/// </summary>
public sealed class TrainingSendPoisonHandler(ITrainingAssignmentStore assignments, TimeProvider time, ILogger<TrainingSendPoisonHandler> logger) : IQueueHandler
{
    public string QueueName => AimsQueues.TrainingSendsPoison;

    public async Task HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        var work = TrainingSendHandler.Parse(message, logger);
        if (work is null)
        {
            return;
        }

        var assignment = await assignments.GetAsync(work.CampaignId, work.ObjectId, cancellationToken);
        if (assignment is null || assignment.MaterialVersion != work.MaterialVersion || assignment.Status == AssignmentStatus.Attested)
        {
            return;
        }

        var reason = $"Gave up on the {work.Kind} message after {AimsQueues.MaxDequeueCount} attempts: {assignment.LastError ?? "unknown error"}";
        logger.LogWarning("Training send {Key} to {ObjectId} poisoned: {Reason}", work.IdempotencyKey, work.ObjectId, reason);
        await assignments.UpsertAsync(work.Kind == TrainingSendWork.Attest
            ? assignment with { Status = AssignmentStatus.Failed, Reason = reason, UpdatedAt = time.GetUtcNow() }
            : assignment with { LastError = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
    }
}
