using Aims.Core.Identity;

namespace Aims.Core.Directory;

/// <summary>Which Entra security groups grant which AIMS role (configuration section <c>Directory:Groups</c>).</summary>
public sealed class RoleGroupOptions
{
    /// <summary>Role name to one or more group object ids (comma separated in a single setting is accepted too).</summary>
    public IDictionary<string, string> Groups { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> GroupsFor(AimsRole role) =>
        Groups.TryGetValue(role.ToString(), out var ids) && !string.IsNullOrWhiteSpace(ids)
            ? ids.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
}
