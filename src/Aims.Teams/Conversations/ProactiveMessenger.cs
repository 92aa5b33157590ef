using System.Text.Json;
using Aims.Core.Messaging;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Teams.Conversations;

/// <summary>The outcome of a proactive message.</summary>
public sealed record DeliveryResult(bool Delivered, string? ActivityId, string? ConversationId, string? Reason)
{
    public static DeliveryResult Sent(string? activityId, string conversationId) => new(true, activityId, conversationId, null);
    public static DeliveryResult Unreachable(string reason) => new(false, null, null, reason);
}

/// <summary>
/// Sends 1:1 messages to people who did not write first. Uses the chat address saved when they installed the app or spoke to
/// the bot; failing that, finds their Teams account in the roster of a team or group chat where the app is installed and opens
/// a 1:1 conversation (Bot Connector "create conversation"), then remembers it.
/// </summary>
public sealed class ProactiveMessenger(
    IChatAddressBook addresses,
    IConnectorClient connector,
    ITrustedServiceUrls trusted,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<ProactiveMessenger> logger)
{
    public Task<DeliveryResult> SendCardAsync(string aadObjectId, AdaptiveCard card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        return SendCardAsync(aadObjectId, JsonSerializer.SerializeToElement(card, CardJson.Options), card.FallbackText, cancellationToken);
    }

    public async Task<DeliveryResult> SendCardAsync(string aadObjectId, JsonElement card, string? summary, CancellationToken cancellationToken = default)
    {
        var address = await addresses.FindAsync(aadObjectId, cancellationToken) ?? await OpenChatAsync(aadObjectId, cancellationToken);
        if (address is null)
        {
            logger.LogInformation("No way to reach {ObjectId}: the app is not installed for them and no roster knows them", aadObjectId);
            return DeliveryResult.Unreachable("The app is not installed for this person yet (no 1:1 chat and no team roster knows them).");
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

    /// <summary>
    /// Opens a 1:1 chat with a person by their Entra object id (Teams accepts it as the member id once the app is installed for
    /// them, e.g. just now through Graph) and remembers it, then sends. <paramref name="serviceUrl"/> is configured, not received.
    /// </summary>
    public async Task<DeliveryResult> SendCardInNewChatAsync(string aadObjectId, AdaptiveCard card, Uri serviceUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var o = options.Value;
        var tenant = o.TenantId ?? o.AllowedTenants.FirstOrDefault() ?? string.Empty;
        var botId = "28:" + o.AppId;
        trusted.Trust(serviceUrl);
        var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = botId },
            Members = [new ChannelAccount { Id = aadObjectId, AadObjectId = aadObjectId }],
            TenantId = tenant,
        }, cancellationToken);
        if (string.IsNullOrEmpty(created.Id))
        {
            return DeliveryResult.Unreachable("Teams opened no chat with this person after the app was installed for them.");
        }

        await addresses.SaveAsync(new ChatAddress(aadObjectId, aadObjectId, null, created.Id, created.ServiceUrl ?? serviceUrl.AbsoluteUri, tenant, botId, time.GetUtcNow()), cancellationToken);
        logger.LogInformation("Opened a 1:1 chat with {ObjectId} by object id after installing the app", aadObjectId);
        return await SendCardAsync(aadObjectId, card, cancellationToken);
    }

    /// <summary>Finds the person in a roster and opens a 1:1 chat with them; null when no roster knows them.</summary>
    private async Task<ChatAddress?> OpenChatAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var tenant = o.TenantId ?? o.AllowedTenants.FirstOrDefault();
        foreach (var roster in await addresses.ListRosterSourcesAsync(o.IsDevelopmentMode ? null : tenant, cancellationToken))
        {
            var serviceUrl = new Uri(roster.ServiceUrl);
            trusted.Trust(serviceUrl);
            var member = await FindMemberAsync(serviceUrl, roster.ConversationId, aadObjectId, cancellationToken);
            if (member?.Id is null)
            {
                continue;
            }

            var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
            {
                IsGroup = false,
                Bot = new ChannelAccount { Id = roster.BotId },
                Members = [new ChannelAccount { Id = member.Id }],
                TenantId = roster.TenantId,
            }, cancellationToken);
            if (string.IsNullOrEmpty(created.Id))
            {
                continue;
            }

            var address = new ChatAddress(aadObjectId, member.Id, member.Name, created.Id, created.ServiceUrl ?? roster.ServiceUrl, roster.TenantId, roster.BotId, time.GetUtcNow());
            await addresses.SaveAsync(address, cancellationToken);
            logger.LogInformation("Opened a 1:1 chat with {ObjectId} through the roster of {RosterConversationId}", aadObjectId, roster.ConversationId);
            return address;
        }

        return null;
    }

    private async Task<ChannelAccount?> FindMemberAsync(Uri serviceUrl, string conversationId, string aadObjectId, CancellationToken cancellationToken)
    {
        try
        {
            // Teams resolves a member by Entra object id directly.
            var member = await connector.GetMemberAsync(serviceUrl, conversationId, aadObjectId, cancellationToken);
            if (member is not null)
            {
                return member;
            }
        }
        catch (ConnectorException ex) when (ex.StatusCode is 400 or 404)
        {
        }

        // Clients that only look members up by their channel id (the Agents Playground) answer the full list instead.
        foreach (var member in await connector.GetMembersAsync(serviceUrl, conversationId, cancellationToken))
        {
            if (string.Equals(member.AadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase) || MemberObjectId(member) == aadObjectId)
            {
                return member;
            }
        }

        return null;
    }

    private static string? MemberObjectId(ChannelAccount member) =>
        member.Extra is not null && member.Extra.TryGetValue("objectId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
}
