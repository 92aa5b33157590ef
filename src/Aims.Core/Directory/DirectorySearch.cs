using System.Text;
using Aims.Core.Identity;

namespace Aims.Core.Directory;

/// <summary>What a card's typeahead searches: the dataset names its <c>Data.Query</c> carries.</summary>
public enum DirectoryDataset
{
    People,
    Groups,
}

/// <summary>One person or group found by name: the object id a form stores and the name (and a hint) a person picks by.</summary>
public sealed record DirectoryMatch(string ObjectId, string DisplayName, string? Detail = null);

/// <summary>
/// Port: finds people and groups by (part of) their display name, for the cards' typeahead, and tells whether an object id is a
/// group. Implementations throw <see cref="DirectoryUnavailableException"/> when the directory cannot answer.
/// </summary>
public interface IDirectorySearch
{
    /// <summary>
    /// At most <paramref name="top"/> matches after the first <paramref name="skip"/>, ordered by name. The query is already
    /// cleaned (<see cref="DirectoryQuery.Clean"/>) and never empty.
    /// </summary>
    Task<IReadOnlyList<DirectoryMatch>> SearchAsync(DirectoryDataset dataset, string query, int skip, int top, CancellationToken cancellationToken = default);

    /// <summary>The group with this object id, or null when there is none (or the id names something else, a user say).</summary>
    Task<DirectoryMatch?> GetGroupAsync(string groupObjectId, CancellationToken cancellationToken = default);
}

/// <summary>The bounds of a typeahead query, the same for every directory.</summary>
public static class DirectoryQuery
{
    /// <summary>Longer queries are cut: no display name needs more to be found.</summary>
    public const int MaxLength = 64;

    /// <summary>Results per answer at most (Teams shows 15).</summary>
    public const int MaxTop = 25;

    /// <summary>How far a person can page into the matches.</summary>
    public const int MaxSkip = 100;

    /// <summary>
    /// The query as a search may use it: trimmed, control characters, double quotes and backslashes removed (they would end or
    /// escape Graph's quoted <c>$search</c> term), cut to <see cref="MaxLength"/>; null when nothing is left.
    /// </summary>
    public static string? Clean(string? queryText)
    {
        if (string.IsNullOrWhiteSpace(queryText))
        {
            return null;
        }

        var clean = new StringBuilder(Math.Min(queryText.Length, MaxLength));
        foreach (var c in queryText.Trim())
        {
            if (clean.Length == MaxLength)
            {
                break;
            }

            if (!char.IsControl(c) && c is not '"' and not '\\' && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            {
                clean.Append(c);
            }
        }

        var text = clean.ToString().Trim();
        return text.Length == 0 ? null : text;
    }

    public static int Top(int? top) => Math.Clamp(top is > 0 ? top.Value : 15, 1, MaxTop);

    public static int Skip(int? skip) => Math.Clamp(skip ?? 0, 0, MaxSkip);

    public static string DatasetName(DirectoryDataset dataset) => dataset == DirectoryDataset.People ? "people" : "groups";

    public static DirectoryDataset? ParseDataset(string? name) => name switch
    {
        "people" => DirectoryDataset.People,
        "groups" => DirectoryDataset.Groups,
        _ => null,
    };
}

/// <summary>
/// A form that asks for someone (or a group) from <see cref="Dataset"/>, and the roles that may fill it: the typeahead answers
/// only callers holding one of the roles of some form that uses the dataset. Each capability registers its own.
/// </summary>
public sealed record DirectorySearchUse(DirectoryDataset Dataset, IReadOnlyCollection<AimsRole> Roles, string Form);
