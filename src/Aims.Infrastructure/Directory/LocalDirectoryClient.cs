using System.Text.Json;
using Aims.Core.Directory;

namespace Aims.Infrastructure.Directory;

/// <summary>
/// A directory read from a JSON file: the demo organisation for the DevHost and tests. Chosen only by explicit
/// configuration (<c>Directory:Provider = LocalFile</c>); production never falls back to it. Its typeahead finds people and
/// groups whose display name contains the query, ignoring case.
/// </summary>
public sealed class LocalDirectoryClient : IDirectoryClient, IDirectorySearch
{
    private const int PageSize = 100;
    private readonly Dictionary<string, LocalUser> _users;
    private readonly Dictionary<string, LocalGroup> _groups;

    public LocalDirectoryClient(LocalDirectoryDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        _users = document.Users.ToDictionary(u => u.Id, StringComparer.OrdinalIgnoreCase);
        _groups = document.Groups.ToDictionary(g => g.Id, StringComparer.OrdinalIgnoreCase);
        Document = document;
    }

    public LocalDirectoryDocument Document { get; }

    public string ProviderName => "LocalFile";

    public static LocalDirectoryClient Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Directory:LocalFile points to '{path}', which does not exist.");
        }

        using var stream = File.OpenRead(path);
        var document = JsonSerializer.Deserialize<LocalDirectoryDocument>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"'{path}' is not a directory document.");
        return new LocalDirectoryClient(document);
    }

    public Task<IReadOnlySet<string>> GetTransitiveGroupIdsAsync(string userObjectId, CancellationToken cancellationToken = default)
    {
        var result = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var frontier = new Queue<string>([userObjectId]);
        while (frontier.TryDequeue(out var member))
        {
            foreach (var group in _groups.Values.Where(g => g.Members.Contains(member, StringComparer.OrdinalIgnoreCase)))
            {
                if (result.Add(group.Id))
                {
                    frontier.Enqueue(group.Id);
                }
            }
        }

        return Task.FromResult<IReadOnlySet<string>>(result);
    }

    public Task<DirectoryPage<Core.Directory.DirectoryUser>> GetGroupMembersPageAsync(string groupObjectId, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var users = TransitiveUsers(groupObjectId).OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
        var skip = int.TryParse(continuationToken, out var s) ? s : 0;
        var page = users.Skip(skip).Take(PageSize).Select(ToUser).ToList();
        var next = skip + PageSize < users.Count ? (skip + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new DirectoryPage<Core.Directory.DirectoryUser>(page, next));
    }

    public Task<Core.Directory.DirectoryUser?> GetUserAsync(string userObjectId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_users.TryGetValue(userObjectId, out var u) ? ToUser(u) : null);

    public Task<Core.Directory.DirectoryUser?> GetManagerAsync(string userObjectId, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            _users.TryGetValue(userObjectId, out var u) && u.ManagerId is not null && _users.TryGetValue(u.ManagerId, out var m)
                ? ToUser(m)
                : null);

    public Task<IReadOnlyList<DirectoryMatch>> SearchAsync(DirectoryDataset dataset, string query, int skip, int top, CancellationToken cancellationToken = default)
    {
        var clean = DirectoryQuery.Clean(query) ?? throw new ArgumentException("The search query is empty.", nameof(query));
        var all = dataset == DirectoryDataset.People
            ? _users.Values.Select(u => new DirectoryMatch(u.Id, u.DisplayName, u.Mail ?? u.JobTitle))
            : _groups.Values.Select(ToMatch);
        IReadOnlyList<DirectoryMatch> found = [.. all.Where(m => m.DisplayName.Contains(clean, StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.ObjectId, StringComparer.Ordinal)
            .Skip(DirectoryQuery.Skip(skip)).Take(DirectoryQuery.Top(top))];
        return Task.FromResult(found);
    }

    public Task<DirectoryMatch?> GetGroupAsync(string groupObjectId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_groups.TryGetValue(groupObjectId, out var g) ? ToMatch(g) : null);

    private static DirectoryMatch ToMatch(LocalGroup g) => new(g.Id, g.DisplayName);

    private IEnumerable<LocalUser> TransitiveUsers(string groupId)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var frontier = new Queue<string>([groupId]);
        while (frontier.TryDequeue(out var id))
        {
            if (!seen.Add(id))
            {
                continue;
            }

            if (_groups.TryGetValue(id, out var group))
            {
                foreach (var member in group.Members)
                {
                    frontier.Enqueue(member);
                }
            }
            else if (_users.TryGetValue(id, out var user))
            {
                yield return user;
            }
        }
    }

    private static Core.Directory.DirectoryUser ToUser(LocalUser u) => new(u.Id, u.DisplayName, u.Mail, u.Department, u.JobTitle);
}

public sealed class LocalDirectoryDocument
{
    public string? TenantId { get; set; }
    public IList<LocalUser> Users { get; set; } = [];
    public IList<LocalGroup> Groups { get; set; } = [];
}

public sealed class LocalUser
{
    public required string Id { get; set; }
    public required string DisplayName { get; set; }
    public string? Mail { get; set; }
    public string? Department { get; set; }
    public string? JobTitle { get; set; }
    public string? ManagerId { get; set; }

    /// <summary>The Teams user id the Agents Playground uses for this person (demo only).</summary>
    public string? PlaygroundUserId { get; set; }
}

public sealed class LocalGroup
{
    public required string Id { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>User or group object ids (nested groups allowed).</summary>
    public IList<string> Members { get; set; } = [];
}
