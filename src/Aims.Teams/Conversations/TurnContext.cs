using Aims.Core.Identity;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Protocol;

namespace Aims.Teams.Conversations;

/// <summary>One authenticated inbound activity and the means to answer it.</summary>
/// <param name="activity">The activity.</param>
/// <param name="serviceUrl">The serviceUrl authentication vouched for: where replies go and what a chat address may store.</param>
/// <param name="connector">The Bot Connector client.</param>
/// <param name="cancellationToken">The request's cancellation.</param>
public sealed class TurnContext(Activity activity, Uri serviceUrl, IConnectorClient connector, CancellationToken cancellationToken)
{
    public Activity Activity { get; } = activity;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>
    /// Who acts: the Entra object id from the validated activity. Null for channel accounts without one
    /// (then every role-bound action is refused).
    /// </summary>
    public Actor? Actor { get; } = string.IsNullOrWhiteSpace(activity.From?.AadObjectId)
        ? null
        : new Actor(activity.From!.AadObjectId!, activity.From.Name ?? activity.From.AadObjectId!);

    public Uri ServiceUrl { get; } = serviceUrl;

    /// <summary>The same turn with a shorter deadline (a card action must answer within Teams' invoke limit).</summary>
    public TurnContext WithCancellation(CancellationToken token) => new(Activity, ServiceUrl, connector, token);

    public string ConversationId => Activity.Conversation!.Id!;

    public Task<ResourceResponse> SendAsync(Activity message) =>
        connector.SendToConversationAsync(ServiceUrl, ConversationId, message, CancellationToken);

    public Task<ResourceResponse> SendTextAsync(string markdown) => SendAsync(Activity.CreateReply(markdown));

    /// <summary>Sends a card as its own activity, so its id can be used to update it later.</summary>
    public Task<ResourceResponse> SendCardAsync(AdaptiveCard card)
    {
        var reply = Activity.CreateReply();
        reply.Attachments = [new Attachment { ContentType = AdaptiveCard.ContentType, Content = card }];
        reply.Summary = card.FallbackText;
        return SendAsync(reply);
    }
}
