namespace Aims.Core.Messaging;

/// <summary>
/// Port: which message (idempotency key) went to whom. Claiming before sending makes a retried or duplicated work item
/// send nothing twice.
/// </summary>
public interface IDeliveryLog
{
    /// <summary>True when this caller now owns the delivery; false when it was already claimed or completed.</summary>
    Task<bool> TryClaimAsync(string idempotencyKey, string recipientObjectId, CancellationToken cancellationToken = default);

    /// <summary>Gives a claim back after a failed send so a retry may try again.</summary>
    Task ReleaseAsync(string idempotencyKey, string recipientObjectId, CancellationToken cancellationToken = default);

    Task CompleteAsync(string idempotencyKey, string recipientObjectId, string outcome, string? activityId, CancellationToken cancellationToken = default);

    Task<DeliveryRecord?> FindAsync(string idempotencyKey, string recipientObjectId, CancellationToken cancellationToken = default);
}

public sealed record DeliveryRecord(string IdempotencyKey, string RecipientObjectId, string Status, string? ActivityId, DateTimeOffset? UpdatedAt);
