using Aims.Core.Messaging;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Proactive;

/// <summary>
/// Cards about one subject (a risk, a document version) that must never show stale buttons: every copy sent is recorded, and
/// when the subject changes every copy is replaced. A person the bot cannot reach yet gets the app installed for them when
/// that is configured (<see cref="InstallingMessenger"/>), as training does. Messaging failures are logged, never thrown: the change is already stored.
/// </summary>
public sealed class CardCopies(
    InstallingMessenger messenger,
    IConnectorClient connector,
    ITrustedServiceUrls trusted,
    ICardMessageLog cards,
    IChatAddressBook addresses,
    IDeliveryLog deliveries,
    TimeProvider time,
    ILogger<CardCopies> logger)
{
    /// <summary>Sends the card 1:1 and remembers the copy; the result says whether the person could be reached.</summary>
    public async Task<DeliveryResult> SendAsync(string subject, string recipient, AdaptiveCard card, CancellationToken cancellationToken)
    {
        DeliveryResult result;
        try
        {
            result = await messenger.SendCardAsync(recipient, card, cancellationToken);
        }
        catch (ConnectorException ex)
        {
            logger.LogWarning(ex, "Card about {Subject} could not reach {ObjectId}", subject, recipient);
            return DeliveryResult.Unreachable(ex.Message);
        }
        catch (AppInstallPendingException ex)
        {
            logger.LogWarning(ex, "Card about {Subject} waits for Teams to open the chat with {ObjectId}", subject, recipient);
            return DeliveryResult.Unreachable(ex.Message);
        }

        if (result is { Delivered: true, ActivityId: not null, ConversationId: not null } && await addresses.FindAsync(recipient, cancellationToken) is { } address)
        {
            await cards.RecordAsync(new CardMessage(subject, result.ActivityId, result.ConversationId, address.ServiceUrl, recipient, time.GetUtcNow()), cancellationToken);
        }
        else if (!result.Delivered)
        {
            logger.LogWarning("Card about {Subject} could not reach {ObjectId}: {Reason}", subject, recipient, result.Reason);
        }

        return result;
    }

    /// <summary>
    /// Sends the card at most once per <paramref name="idempotencyKey"/> and person: the pair is claimed in the delivery log first,
    /// so a redelivered announcement sends nothing twice; a send that did not arrive gives the claim back. The new copy already
    /// shows the announced state: it is marked as updated under <paramref name="copiesKey"/> (the key given to
    /// <see cref="UpdateAllAsync"/>), so a redelivered announcement does not replace it again either.
    /// </summary>
    public async Task<DeliveryResult> SendOnceAsync(string subject, string idempotencyKey, string recipient, AdaptiveCard card, CancellationToken cancellationToken, string? copiesKey = null)
    {
        if (!await deliveries.TryClaimAsync(idempotencyKey, recipient, cancellationToken))
        {
            return DeliveryResult.Unreachable("Already sent for this decision.");
        }

        DeliveryResult result;
        try
        {
            result = await SendAsync(subject, recipient, card, cancellationToken);
        }
        catch
        {
            await deliveries.ReleaseAsync(idempotencyKey, recipient, CancellationToken.None);
            throw;
        }

        if (result.Delivered)
        {
            await deliveries.CompleteAsync(idempotencyKey, recipient, "sent", result.ActivityId, cancellationToken);
            if (copiesKey is not null && result is { ActivityId: { } activityId, ConversationId: { } conversationId })
            {
                var claim = CopyClaim(conversationId, activityId);
                if (await deliveries.TryClaimAsync(copiesKey, claim, cancellationToken))
                {
                    await deliveries.CompleteAsync(copiesKey, claim, "sent", activityId, cancellationToken);
                }
            }
        }
        else
        {
            await deliveries.ReleaseAsync(idempotencyKey, recipient, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Replaces every copy sent about the subject with <paramref name="card"/>. With <paramref name="idempotencyKey"/> each copy is
    /// replaced at most once per key (a redelivered announcement updates nothing twice).
    /// </summary>
    public Task UpdateAllAsync(string subject, AdaptiveCard card, CancellationToken cancellationToken, string? idempotencyKey = null) =>
        UpdateAllAsync(subject, (_, _) => Task.FromResult(card), cancellationToken, idempotencyKey);

    /// <summary>
    /// Replaces every copy sent about the subject with the card <paramref name="cardFor"/> builds for that copy (a view per
    /// recipient: buttons only for those who may press them).
    /// </summary>
    public async Task UpdateAllAsync(string subject, Func<CardMessage, CancellationToken, Task<AdaptiveCard>> cardFor, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(cardFor);
        foreach (var copy in await cards.ListAsync(subject, cancellationToken))
        {
            var claim = CopyClaim(copy.ConversationId, copy.ActivityId);
            if (idempotencyKey is not null && !await deliveries.TryClaimAsync(idempotencyKey, claim, cancellationToken))
            {
                continue;
            }

            var updated = false;
            try
            {
                var card = await cardFor(copy, cancellationToken);
                var serviceUrl = new Uri(copy.ServiceUrl);
                trusted.Trust(serviceUrl);
                await connector.UpdateActivityAsync(serviceUrl, copy.ConversationId, copy.ActivityId, new Activity
                {
                    Type = ActivityTypes.Message,
                    Id = copy.ActivityId,
                    Conversation = new ConversationAccount { Id = copy.ConversationId },
                    Attachments = [new Attachment { ContentType = AdaptiveCard.ContentType, Content = card }],
                }, cancellationToken);
                updated = true;
            }
            catch (Exception ex) when (ex is ConnectorException or UriFormatException)
            {
                logger.LogWarning(ex, "Could not update the copy {ActivityId} about {Subject} in {ConversationId}", copy.ActivityId, subject, copy.ConversationId);
            }
            finally
            {
                if (idempotencyKey is not null)
                {
                    if (updated)
                    {
                        await deliveries.CompleteAsync(idempotencyKey, claim, "updated", copy.ActivityId, CancellationToken.None);
                    }
                    else
                    {
                        await deliveries.ReleaseAsync(idempotencyKey, claim, CancellationToken.None);
                    }
                }
            }
        }
    }

    /// <summary>The delivery-log recipient under which one copy's replacement is claimed (activity ids may hold any character).</summary>
    private static string CopyClaim(string conversationId, string activityId) =>
        "copy-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(conversationId + "|" + activityId)))[..32];

    /// <summary>The Teams user ids of people who have a chat address (for <c>refresh.userIds</c>).</summary>
    public async Task<IReadOnlyList<string>> TeamsIdsAsync(IEnumerable<string> objectIds, CancellationToken cancellationToken)
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
}
