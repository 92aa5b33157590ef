namespace Aims.Core.Scheduling;

/// <summary>
/// Port: who runs which occurrence of a scheduled job. Claiming before running makes a job run once per occurrence
/// even when two instances (or a past-due catch-up) fire for the same scheduled time.
/// </summary>
public interface IScheduleClaims
{
    /// <summary>True when this caller now owns the occurrence; false when another run claimed or completed it.</summary>
    Task<bool> TryClaimAsync(string job, DateTimeOffset occurrence, string owner, CancellationToken cancellationToken = default);

    /// <summary>Marks the occurrence done; it is never run again.</summary>
    Task CompleteAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default);

    /// <summary>Gives the occurrence back after a failed run so a retry (a past-due run) may take it.</summary>
    Task ReleaseAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default);

    Task<ScheduleClaim?> FindAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default);
}

public sealed record ScheduleClaim(string Job, DateTimeOffset Occurrence, string Owner, string Status, DateTimeOffset? UpdatedAt);
