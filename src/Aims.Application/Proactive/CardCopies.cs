using Aims.Core.Messaging;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Proactive;

/// <summary>
/// Cards about one subject (a risk, a document version) that must never show stale buttons: every copy sent is recorded, and
/// when the subject changes every copy is replaced. Messaging failures are logged, never thrown: the change is already stored.
/// </summary>
public sealed class CardCopies(
    ProactiveMessenger messenger,
    IConnectorClient connector,
    ITrustedServiceUrls trusted,
    ICardMessageLog cards,
    IChatAddressBook addresses,
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

    /// <summary>Replaces every copy sent about the subject with <paramref name="card"/>.</summary>
    public async Task UpdateAllAsync(string subject, AdaptiveCard card, CancellationToken cancellationToken)
    {
        foreach (var copy in await cards.ListAsync(subject, cancellationToken))
        {
            try
            {
                var serviceUrl = new Uri(copy.ServiceUrl);
                trusted.Trust(serviceUrl);
                await connector.UpdateActivityAsync(serviceUrl, copy.ConversationId, copy.ActivityId, new Activity
                {
                    Type = ActivityTypes.Message,
                    Id = copy.ActivityId,
                    Conversation = new ConversationAccount { Id = copy.ConversationId },
                    Attachments = [new Attachment { ContentType = AdaptiveCard.ContentType, Content = card }],
                }, cancellationToken);
            }
            catch (Exception ex) when (ex is ConnectorException or UriFormatException)
            {
                logger.LogWarning(ex, "Could not update the copy {ActivityId} about {Subject} in {ConversationId}", copy.ActivityId, subject, copy.ConversationId);
            }
        }
    }

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
