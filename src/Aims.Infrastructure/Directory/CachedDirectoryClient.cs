using System.Collections.Concurrent;
using Aims.Core.Directory;
using Microsoft.Extensions.Logging;

namespace Aims.Infrastructure.Directory;

/// <summary>
/// Reuses profile and manager answers for their time to live (<see cref="DirectoryCacheOptions"/>), and serves the last
/// known answer (logged as stale) when the directory fails, up to <see cref="DirectoryCacheOptions.MaxStaleness"/>.
/// Group member pages are never cached (they feed the role snapshot, which must see the directory as it is), and
/// transitive memberships pass straight through: <see cref="RoleResolver"/> caches roles itself and decides when a
/// stale answer is acceptable (never for elevated actions).
/// </summary>
public sealed class CachedDirectoryClient(IDirectoryClient inner, DirectoryCacheOptions options, TimeProvider time, ILogger<CachedDirectoryClient> logger) : IDirectoryClient
{
    private readonly ConcurrentDictionary<string, Entry> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Entry> _managers = new(StringComparer.OrdinalIgnoreCase);

    public string ProviderName => inner.ProviderName;

    public IDirectoryClient Inner => inner;

    public Task<IReadOnlySet<string>> GetTransitiveGroupIdsAsync(string userObjectId, CancellationToken cancellationToken = default) =>
        inner.GetTransitiveGroupIdsAsync(userObjectId, cancellationToken);

    public Task<DirectoryPage<DirectoryUser>> GetGroupMembersPageAsync(string groupObjectId, string? continuationToken, CancellationToken cancellationToken = default) =>
        inner.GetGroupMembersPageAsync(groupObjectId, continuationToken, cancellationToken);

    public Task<DirectoryUser?> GetUserAsync(string userObjectId, CancellationToken cancellationToken = default) =>
        GetAsync(_users, "user", userObjectId, options.UserTimeToLive, inner.GetUserAsync, cancellationToken);

    public Task<DirectoryUser?> GetManagerAsync(string userObjectId, CancellationToken cancellationToken = default) =>
        GetAsync(_managers, "manager", userObjectId, options.ManagerTimeToLive, inner.GetManagerAsync, cancellationToken);

    private async Task<DirectoryUser?> GetAsync(
        ConcurrentDictionary<string, Entry> cache,
        string kind,
        string userObjectId,
        TimeSpan timeToLive,
        Func<string, CancellationToken, Task<DirectoryUser?>> fetch,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userObjectId);
        var now = time.GetUtcNow();
        if (cache.TryGetValue(userObjectId, out var known) && now - known.FetchedAt < timeToLive)
        {
            return known.Value;
        }

        try
        {
            // An unknown user (null) is an answer too, and is cached like any other.
            var value = await fetch(userObjectId, cancellationToken);
            cache[userObjectId] = new Entry(value, now);
            return value;
        }
        catch (DirectoryUnavailableException ex) when (known is not null && now - known.FetchedAt <= options.MaxStaleness)
        {
            logger.LogWarning(ex,
                "Directory {Provider} unavailable for the {Kind} of {ObjectId}; serving the last known answer from {FetchedAt:o} ({AgeMinutes:F0} min old)",
                inner.ProviderName, kind, userObjectId, known.FetchedAt, (now - known.FetchedAt).TotalMinutes);
            return known.Value;
        }
    }

    private sealed record Entry(DirectoryUser? Value, DateTimeOffset FetchedAt);
}
