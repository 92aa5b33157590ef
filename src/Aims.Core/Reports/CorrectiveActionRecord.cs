namespace Aims.Core.Reports;

/// <summary>
/// The action that removes the cause of a nonconformity so it does not recur (10.2 b, c): its root cause, owner and due
/// date, and when it was completed. Kept apart from the <see cref="Correction"/>, which only deals with the occurrence.
/// </summary>
public sealed record CorrectiveActionRecord(
    string RootCause,
    string Description,
    string OwnerObjectId,
    DateOnly DueDate,
    string RecordedBy,
    string RecordedByName,
    DateTimeOffset RecordedAt)
{
    public DateTimeOffset? CompletedAt { get; init; }

    public string? CompletedBy { get; init; }

    public string? CompletionNote { get; init; }

    public bool IsOverdue(DateOnly today) => CompletedAt is null && today > DueDate;
}
