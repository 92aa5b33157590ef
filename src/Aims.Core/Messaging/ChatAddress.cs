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

/// <summary>Port: the chat addresses of people, keyed by Entra object id.</summary>
public interface IChatAddressBook
{
    Task SaveAsync(ChatAddress address, CancellationToken cancellationToken = default);

    Task<ChatAddress?> FindAsync(string aadObjectId, CancellationToken cancellationToken = default);
}
