namespace Aims.Core.Messaging;

/// <summary>
/// Where a person can be messaged without them writing first (a proactive 1:1 chat): captured from a validated
/// activity when the app is installed or first spoken to.
/// </summary>
public sealed record ChatAddress(
    string AadObjectId,
    string ChannelUserId,
    string? DisplayName,
    string ConversationId,
    string ServiceUrl,
    string TenantId,
    string BotId,
    DateTimeOffset UpdatedAt);

/// <summary>
/// A team or group chat where the app is installed: its member list lets the bot find the Teams account of a person
/// (by Entra object id) and open a 1:1 chat with them although they never wrote to the bot.
/// </summary>
public sealed record RosterSource(string ConversationId, string ServiceUrl, string TenantId, string BotId, string Kind, DateTimeOffset UpdatedAt);

/// <summary>Port: the chat addresses of people, keyed by Entra object id, and the rosters that reach the others.</summary>
public interface IChatAddressBook
{
    Task SaveAsync(ChatAddress address, CancellationToken cancellationToken = default);

    Task<ChatAddress?> FindAsync(string aadObjectId, CancellationToken cancellationToken = default);

    Task SaveRosterSourceAsync(RosterSource source, CancellationToken cancellationToken = default);

    /// <summary>Rosters of one tenant, or of every tenant when <paramref name="tenantId"/> is null (development).</summary>
    Task<IReadOnlyList<RosterSource>> ListRosterSourcesAsync(string? tenantId, CancellationToken cancellationToken = default);
}
