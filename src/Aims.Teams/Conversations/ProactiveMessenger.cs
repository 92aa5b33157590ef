using System.Text.Json;
using Aims.Core.Messaging;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Protocol;
using Microsoft.Extensions.Logging;

namespace Aims.Teams.Conversations;

/// <summary>The outcome of a proactive message.</summary>
public sealed record DeliveryResult(bool Delivered, string? ActivityId, string? ConversationId, string? Reason)
{
    public static DeliveryResult Sent(string? activityId, string conversationId) => new(true, activityId, conversationId, null);
    public static DeliveryResult Unreachable(string reason) => new(false, null, null, reason);
}

/// <summary>Sends 1:1 messages to people who did not write first, using the chat address saved when they installed the app.</summary>
public sealed class ProactiveMessenger(IChatAddressBook addresses, IConnectorClient connector, ITrustedServiceUrls trusted, ILogger<ProactiveMessenger> logger)
{
    public Task<DeliveryResult> SendCardAsync(string aadObjectId, AdaptiveCard card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        return SendCardAsync(aadObjectId, JsonSerializer.SerializeToElement(card, CardJson.Options), card.FallbackText, cancellationToken);
    }

    public async Task<DeliveryResult> SendCardAsync(string aadObjectId, JsonElement card, string? summary, CancellationToken cancellationToken = default)
    {
        var address = await addresses.FindAsync(aadObjectId, cancellationToken);
        if (address is null)
        {
            logger.LogInformation("No chat address for {ObjectId}: the app is not installed for them or they never opened it", aadObjectId);
            return DeliveryResult.Unreachable("The app is not installed for this person yet (no 1:1 chat known).");
        }

        // Addresses are only ever saved from authenticated activities, so their service URL may receive our token.
        var serviceUrl = new Uri(address.ServiceUrl);
        trusted.Trust(serviceUrl);
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            From = new ChannelAccount { Id = address.BotId },
            Recipient = new ChannelAccount { Id = address.ChannelUserId, AadObjectId = address.AadObjectId },
            Conversation = new ConversationAccount { Id = address.ConversationId, TenantId = address.TenantId },
            Summary = summary,
            Attachments = [new Attachment { ContentType = AdaptiveCard.ContentType, Content = card }],
        };
        var response = await connector.SendToConversationAsync(serviceUrl, address.ConversationId, activity, cancellationToken);
        logger.LogInformation("Proactive card sent to {ObjectId} in {ConversationId} as {ActivityId}", aadObjectId, address.ConversationId, response.Id);
        return DeliveryResult.Sent(response.Id, address.ConversationId);
    }
}
