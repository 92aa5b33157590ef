using System.Text.RegularExpressions;

namespace Aims.Core.Context;

/// <summary>Whether an issue or an interested party is inside or outside the organisation (4.1, 4.2).</summary>
public enum ContextOrigin
{
    Internal,
    External,
}

/// <summary>What kind of issue it is, as the AIMS manager groups them (4.1; ISO/IEC 42001 lists regulation, ethics, technology and the like).</summary>
public enum IssueCategory
{
    Regulatory,
    Legal,
    Customer,
    Technical,
    Ethical,
    Organisational,
    Competitive,
    Environmental,
    Other,
}

/// <summary>An internal or external issue relevant to the purpose of the organisation and its AIMS (4.1).</summary>
public sealed record ContextIssue(
    string Id,
    string Title,
    ContextOrigin Origin,
    IssueCategory Category,
    string Description,
    string? EffectOnAims,
    bool Active,
    DateTimeOffset UpdatedAt,
    string UpdatedBy);

/// <summary>An interested party with its needs and expectations, and which of them the AIMS addresses (4.2).</summary>
public sealed record InterestedParty(
    string Id,
    string Name,
    ContextOrigin Origin,
    IReadOnlyList<string> Needs,
    IReadOnlyList<string> AddressedByAims,
    bool Active,
    DateTimeOffset UpdatedAt,
    string UpdatedBy);

public enum ScopeElementKind
{
    AiSystem,
    OrganisationalUnit,
    Location,
}

/// <summary>One boundary of the scope: an AI system, unit or location, in or out, and why (4.3).</summary>
public sealed record ScopeBoundary(ScopeElementKind Kind, string Name, bool Included, string Reason);

/// <summary>The AIMS scope statement (4.3) with its boundaries; one per organisation, versioned by its changes.</summary>
public sealed record AimsScope(string Statement, IReadOnlyList<ScopeBoundary> Boundaries, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public const string RecordId = "scope";
}

/// <summary>What part of the context register changed.</summary>
public enum ContextArea
{
    Issue,
    InterestedParty,
    Scope,
}

/// <summary>One recorded change of the context register; the digest lists those since the last management review (9.3.2 b, c).</summary>
public sealed record ContextChange(
    string Id,
    ContextArea Area,
    string ItemId,
    string Action,
    string Summary,
    DateTimeOffset At,
    string ByObjectId,
    string ByName,
    string? EvidenceId);

/// <summary>Field-by-field checks of context register input; errors keyed by camelCase field names, safe to show.</summary>
public static partial class ContextValidator
{
    public const int MaxTitle = 200;
    public const int MaxText = 4000;
    public const int MaxListItems = 30;
    public const int MaxListItemLength = 500;
    public const int MaxBoundaries = 200;

    public static Dictionary<string, string[]> ValidateIssue(string? title, ContextOrigin? origin, IssueCategory? category, string? description, string? effect)
    {
        var e = new Dictionary<string, string[]>();
        Text(e, "title", title, MaxTitle, required: true);
        Text(e, "description", description, MaxText, required: true);
        Text(e, "effectOnAims", effect, MaxText, required: false);
        if (origin is null || !Enum.IsDefined(origin.Value)) e["origin"] = ["Internal or External."];
        if (category is null || !Enum.IsDefined(category.Value)) e["category"] = [$"One of {string.Join(", ", Enum.GetNames<IssueCategory>())}."];
        return e;
    }

    public static Dictionary<string, string[]> ValidateParty(string? name, ContextOrigin? origin, IReadOnlyList<string>? needs, IReadOnlyList<string>? addressed)
    {
        var e = new Dictionary<string, string[]>();
        Text(e, "name", name, MaxTitle, required: true);
        if (origin is null || !Enum.IsDefined(origin.Value)) e["origin"] = ["Internal or External."];
        if (needs is not { Count: > 0 }) e["needs"] = ["At least one need or expectation."];
        List(e, "needs", needs);
        List(e, "addressedByAims", addressed);
        return e;
    }

    public static Dictionary<string, string[]> ValidateScope(string? statement, IReadOnlyList<ScopeBoundary?>? boundaries)
    {
        var e = new Dictionary<string, string[]>();
        Text(e, "statement", statement, MaxText, required: true);
        if (boundaries is null)
        {
            return e;
        }

        if (boundaries.Count > MaxBoundaries) e["boundaries"] = [$"At most {MaxBoundaries} boundaries."];
        for (var i = 0; i < Math.Min(boundaries.Count, MaxBoundaries); i++)
        {
            var b = boundaries[i];
            if (b is null)
            {
                e[$"boundaries[{i}]"] = ["A boundary object is required."];
                continue;
            }

            if (!Enum.IsDefined(b.Kind)) e[$"boundaries[{i}].kind"] = ["AiSystem, OrganisationalUnit or Location."];
            Text(e, $"boundaries[{i}].name", b.Name, MaxTitle, required: true);
            Text(e, $"boundaries[{i}].reason", b.Reason, MaxText, required: true, requiredMessage: "Say why it is in or out of scope.");
        }

        return e;
    }

    internal static void Text(Dictionary<string, string[]> e, string field, string? value, int max, bool required, string? requiredMessage = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) e[field] = [requiredMessage ?? "Required."];
            return;
        }

        if (value.Length > max) e[field] = [$"At most {max} characters."];
        else if (ControlCharacters().IsMatch(value)) e[field] = ["Control characters are not allowed."];
    }

    private static void List(Dictionary<string, string[]> e, string field, IReadOnlyList<string>? items)
    {
        if (items is null) return;
        if (items.Count > MaxListItems)
        {
            e[field] = [$"At most {MaxListItems} entries."];
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            Text(e, $"{field}[{i}]", items[i], MaxListItemLength, required: true);
        }
    }

    // Tabs and line breaks are text; other control characters only hide things from the reader of a card or a report.
    [GeneratedRegex(@"[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]")]
    private static partial Regex ControlCharacters();
}
