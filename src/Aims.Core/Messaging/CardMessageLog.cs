namespace Aims.Core.Messaging;

/// <summary>One copy of a card that was sent (to update it later, so no stale button stays anywhere).</summary>
public sealed record CardMessage(string Subject, string ActivityId, string ConversationId, string ServiceUrl, string RecipientObjectId, DateTimeOffset SentAt);

/// <summary>Port: the copies of the cards sent about a subject (e.g. "risk:R-0001").</summary>
public interface ICardMessageLog
{
    Task RecordAsync(CardMessage message, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CardMessage>> ListAsync(string subject, CancellationToken cancellationToken = default);
}
