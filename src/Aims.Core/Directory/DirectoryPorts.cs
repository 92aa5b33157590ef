using Aims.Core.Identity;

namespace Aims.Core.Directory;

/// <summary>A person as the directory (Entra ID) describes them.</summary>
public sealed record DirectoryUser(
    string ObjectId,
    string DisplayName,
    string? Mail = null,
    string? Department = null,
    string? JobTitle = null);

/// <summary>One page of a large result; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record DirectoryPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);

/// <summary>
/// Port: people, groups and managers from the organisation's directory (Entra ID through Microsoft Graph in production).
/// Implementations throw <see cref="DirectoryUnavailableException"/> when the directory cannot answer.
/// </summary>
public interface IDirectoryClient
{
    /// <summary>Name of the provider, shown in health ("Graph", "LocalFile").</summary>
    string ProviderName { get; }

    /// <summary>Object ids of every group the user belongs to, directly or through nested groups.</summary>
    Task<IReadOnlySet<string>> GetTransitiveGroupIdsAsync(string userObjectId, CancellationToken cancellationToken = default);

    /// <summary>Users in a group, transitively, one page at a time (audiences of tens of thousands never load at once).</summary>
    Task<DirectoryPage<DirectoryUser>> GetGroupMembersPageAsync(string groupObjectId, string? continuationToken, CancellationToken cancellationToken = default);

    Task<DirectoryUser?> GetUserAsync(string userObjectId, CancellationToken cancellationToken = default);

    Task<DirectoryUser?> GetManagerAsync(string userObjectId, CancellationToken cancellationToken = default);
}

/// <summary>The directory could not answer (outage, throttling beyond retries, missing permission).</summary>
public sealed class DirectoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The AIMS roles of a person at a moment, and whether the answer is current or the last known one.</summary>
public sealed record RoleAssignment(string ObjectId, IReadOnlySet<AimsRole> Roles, DateTimeOffset ResolvedAt, bool IsStale)
{
    public bool Has(AimsRole role) => Roles.Contains(role);
}
