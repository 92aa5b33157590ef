using Aims.Teams.Protocol;

namespace Aims.Teams.Connector;

/// <summary>Outbound Bot Connector REST API (v3) calls. Only trusted service URLs ever receive a token.</summary>
public interface IConnectorClient
{
    Task<ResourceResponse> SendToConversationAsync(Uri serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default);

    Task<ResourceResponse> ReplyToActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    Task<ResourceResponse> UpdateActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    Task DeleteActivityAsync(Uri serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default);

    Task<ConversationResourceResponse> CreateConversationAsync(Uri serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>One member of a conversation (maps an aadObjectId or Teams user id to the Teams account); null when not a member.</summary>
    Task<ChannelAccount?> GetMemberAsync(Uri serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken = default);

    /// <summary>All members of a conversation (a team, group chat or 1:1 chat).</summary>
    Task<IReadOnlyList<ChannelAccount>> GetMembersAsync(Uri serviceUrl, string conversationId, CancellationToken cancellationToken = default);
}

/// <summary>Service URLs that may receive the bot's token: configured ones and those seen in authenticated activities.</summary>
public interface ITrustedServiceUrls
{
    void Trust(Uri serviceUrl);

    bool IsTrusted(Uri serviceUrl);
}

/// <summary>Raised for a Bot Connector call that failed for good (after the resilience pipeline gave up).</summary>
public sealed class ConnectorException(string message, int? statusCode, Exception? inner = null) : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
}
