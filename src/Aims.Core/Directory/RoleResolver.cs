using System.Collections.Concurrent;
using Aims.Core.Identity;

namespace Aims.Core.Directory;

/// <summary>How fresh a role answer must be.</summary>
public enum RoleFreshness
{
    /// <summary>Elevated actions (approve, launch, export): a directory failure refuses the action (fail closed).</summary>
    Current,

    /// <summary>Reading one's own tasks: the last known answer is acceptable when the directory is down.</summary>
    LastKnownAllowed,
}

/// <summary>
/// Resolves a person's AIMS roles from their transitive group memberships (clause 5.3), with a cache per person.
/// The cache bounds Graph traffic; the last known answer is kept beyond the TTL only for <see cref="RoleFreshness.LastKnownAllowed"/>.
/// </summary>
public sealed class RoleResolver(IDirectoryClient directory, RoleGroupOptions options, TimeProvider time, TimeSpan? timeToLive = null)
{
    private readonly TimeSpan _ttl = timeToLive ?? TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, RoleAssignment> _known = new(StringComparer.OrdinalIgnoreCase);

    public async Task<RoleAssignment> GetRolesAsync(string objectId, RoleFreshness freshness, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objectId);
        var now = time.GetUtcNow();
        if (_known.TryGetValue(objectId, out var cached) && now - cached.ResolvedAt < _ttl)
        {
            return cached;
        }

        try
        {
            var groups = await directory.GetTransitiveGroupIdsAsync(objectId, cancellationToken);
            var roles = new HashSet<AimsRole>();
            foreach (var role in Enum.GetValues<AimsRole>())
            {
                if (options.GroupsFor(role).Any(groups.Contains))
                {
                    roles.Add(role);
                }
            }

            var fresh = new RoleAssignment(objectId, roles, now, IsStale: false);
            _known[objectId] = fresh;
            return fresh;
        }
        catch (DirectoryUnavailableException) when (freshness == RoleFreshness.LastKnownAllowed && cached is not null)
        {
            return cached with { IsStale = true };
        }
    }

    /// <summary>
    /// Checks that the person holds one of <paramref name="allowed"/> right now. Throws <see cref="AccessDeniedException"/> when not,
    /// and when the directory cannot answer (an elevated action is never granted on a guess).
    /// </summary>
    public async Task<RoleAssignment> RequireAsync(string objectId, IReadOnlyCollection<AimsRole> allowed, string action, CancellationToken cancellationToken = default)
    {
        RoleAssignment roles;
        try
        {
            roles = await GetRolesAsync(objectId, RoleFreshness.Current, cancellationToken);
        }
        catch (DirectoryUnavailableException ex)
        {
            throw new AccessDeniedException($"Cannot {action} right now: your roles could not be confirmed with the directory ({ex.Message}). Try again in a few minutes.", ex);
        }

        if (!allowed.Any(roles.Has))
        {
            throw new AccessDeniedException($"You cannot {action}: it needs the role {string.Join(" or ", allowed)}.");
        }

        return roles;
    }
}

/// <summary>An action was refused because of who asked; the message is safe to show to that person.</summary>
public sealed class AccessDeniedException(string message, Exception? inner = null) : Exception(message, inner);
