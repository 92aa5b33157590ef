using System.Text.RegularExpressions;

namespace Aims.Core.Training;

/// <summary>A campaign as the API receives it (create).</summary>
public sealed record CampaignRequest(
    string? Title,
    string? Description,
    string? CourseUrl,
    string? MaterialName,
    string? MaterialVersion,
    string? MaterialSha256,
    string? Statement,
    IReadOnlyList<string>? AudienceGroupIds,
    IReadOnlyList<string>? ExcludedObjectIds,
    DateOnly? DueDate,
    IReadOnlyList<int>? ReminderDaysBeforeDue,
    int? EscalationDaysAfterDue,
    string? DocumentId = null);

/// <summary>A new material version (republish).</summary>
public sealed record RepublishRequest(string? MaterialName, string? MaterialVersion, string? MaterialSha256);

/// <summary>Checks campaign input field by field; errors are keyed by the camelCase field name and safe to show.</summary>
public static partial class CampaignValidator
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 4000;
    public const int MaxStatement = 2000;
    public const int MaxGroups = 20;
    public const int MaxExcluded = 200;
    public const int MaxReminders = 5;

    public static Dictionary<string, string[]> Validate(CampaignRequest? request, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A campaign object is required."];
            return errors;
        }

        Text(errors, "title", request.Title, MaxTitle, required: true);
        Text(errors, "description", request.Description, MaxDescription, required: true);
        Text(errors, "statement", request.Statement, MaxStatement, required: true);
        if (string.IsNullOrWhiteSpace(request.CourseUrl))
        {
            errors["courseUrl"] = ["A course link is required."];
        }
        else if (!Uri.TryCreate(request.CourseUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            errors["courseUrl"] = ["An absolute https:// link."];
        }

        ValidateMaterial(errors, request.MaterialName, request.MaterialVersion, request.MaterialSha256);
        if (request.DocumentId is { Length: > 0 } documentId && !DocumentIdPattern().IsMatch(documentId.Trim()))
        {
            errors["documentId"] = ["A document register id, like DOC-3."];
        }
        if (request.AudienceGroupIds is not { Count: > 0 })
        {
            errors["audienceGroupIds"] = ["At least one group id."];
        }
        else if (request.AudienceGroupIds.Count > MaxGroups)
        {
            errors["audienceGroupIds"] = [$"At most {MaxGroups} groups."];
        }
        else if (request.AudienceGroupIds.Any(g => string.IsNullOrWhiteSpace(g) || g.Length > 100))
        {
            errors["audienceGroupIds"] = ["Group ids must not be empty or longer than 100 characters."];
        }

        if (request.ExcludedObjectIds is { } excluded && (excluded.Count > MaxExcluded || excluded.Any(e => string.IsNullOrWhiteSpace(e) || e.Length > 100)))
        {
            errors["excludedObjectIds"] = [$"At most {MaxExcluded} non-empty object ids."];
        }

        if (request.DueDate is not { } due)
        {
            errors["dueDate"] = ["A due date (yyyy-MM-dd) is required."];
        }
        else if (due < today)
        {
            errors["dueDate"] = ["The due date is in the past."];
        }

        if (request.ReminderDaysBeforeDue is { } reminders)
        {
            if (reminders.Count > MaxReminders)
            {
                errors["reminderDaysBeforeDue"] = [$"At most {MaxReminders} reminders."];
            }
            else if (reminders.Any(d => d is < 0 or > 365) || reminders.Distinct().Count() != reminders.Count)
            {
                errors["reminderDaysBeforeDue"] = ["Distinct numbers of days from 0 to 365."];
            }
        }

        if (request.EscalationDaysAfterDue is { } escalation && escalation is < 0 or > 365)
        {
            errors["escalationDaysAfterDue"] = ["A number of days from 0 to 365."];
        }

        return errors;
    }

    public static Dictionary<string, string[]> Validate(RepublishRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A material object is required."];
            return errors;
        }

        ValidateMaterial(errors, request.MaterialName ?? "unchanged", request.MaterialVersion, request.MaterialSha256);
        return errors;
    }

    private static void ValidateMaterial(Dictionary<string, string[]> errors, string? name, string? version, string? sha256)
    {
        Text(errors, "materialName", name, 200, required: true);
        if (string.IsNullOrWhiteSpace(version))
        {
            errors["materialVersion"] = ["A material version is required."];
        }
        else if (!VersionPattern().IsMatch(version))
        {
            errors["materialVersion"] = ["1-40 letters, digits, dots, dashes or underscores."];
        }

        if (!string.IsNullOrEmpty(sha256) && !Sha256Pattern().IsMatch(sha256))
        {
            errors["materialSha256"] = ["64 hexadecimal characters."];
        }
    }

    private static void Text(Dictionary<string, string[]> errors, string field, string? value, int max, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors[field] = [$"{field} is required."];
            }
        }
        else if (value.Length > max)
        {
            errors[field] = [$"At most {max} characters."];
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Za-z]{2,8}-[0-9]{1,9}$")]
    private static partial Regex DocumentIdPattern();
}
