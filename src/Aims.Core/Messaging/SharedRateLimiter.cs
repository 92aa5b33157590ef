namespace Aims.Core.Messaging;

/// <summary>
/// Port: a request budget per time window shared by every instance of the app (Teams counts the per-app limit across all of
/// them, not per process).
/// </summary>
public interface ISharedRateLimiter
{
    /// <summary>Takes one permit of the current window; false when the window's budget is spent (by any instance).</summary>
    ValueTask<bool> TryAcquireAsync(CancellationToken cancellationToken = default);

    /// <summary>Takes one permit, waiting for a later window when the current one is spent.</summary>
    ValueTask AcquireAsync(CancellationToken cancellationToken = default);
}
