using System.Runtime.CompilerServices;
using Aims.Core.Identity;

namespace Aims.Core.Directory;

public static class DirectoryClientExtensions
{
    /// <summary>Every user of a group, transitively, one page at a time (nothing beyond the current page is held).</summary>
    public static async IAsyncEnumerable<DirectoryUser> EnumerateGroupMembersAsync(this IDirectoryClient directory, string groupObjectId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string? token = null;
        do
        {
            var page = await directory.GetGroupMembersPageAsync(groupObjectId, token, cancellationToken);
            foreach (var user in page.Items)
            {
                yield return user;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>The people holding an AIMS role now: members of its configured groups, each once.</summary>
    public static async Task<IReadOnlyList<DirectoryUser>> GetRoleMembersAsync(this IDirectoryClient directory, RoleGroupOptions roleGroups, AimsRole role, int max = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roleGroups);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var members = new List<DirectoryUser>();
        foreach (var group in roleGroups.GroupsFor(role))
        {
            await foreach (var user in directory.EnumerateGroupMembersAsync(group, cancellationToken))
            {
                if (seen.Add(user.ObjectId))
                {
                    members.Add(user);
                    if (members.Count >= max)
                    {
                        return members;
                    }
                }
            }
        }

        return members;
    }

    /// <summary>
    /// Display names for a few people (the ones a card mentions), looked up once each. An unknown person, or a directory that
    /// does not answer, shows as the object id: a card is still sent rather than failing on a name.
    /// </summary>
    public static async Task<Func<string, string>> GetDisplayNamesAsync(this IDirectoryClient directory, IEnumerable<string> objectIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(objectIds);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in objectIds.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                names[id] = (await directory.GetUserAsync(id, cancellationToken))?.DisplayName ?? id;
            }
            catch (DirectoryUnavailableException)
            {
                names[id] = id;
            }
        }

        return id => names.TryGetValue(id, out var name) ? name : id;
    }
}
