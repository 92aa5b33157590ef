using System.Globalization;
using System.Text.RegularExpressions;

namespace Aims.Core.Register;

/// <summary>A data source as it arrives (JSON or CSV), not yet validated.</summary>
public sealed record DataSourceInput(string? Name, string? Classification);

/// <summary>
/// An AI system as it arrives from the API or a CSV row: every value still a string, so that each wrong field can be
/// reported by name instead of failing the whole request.
/// </summary>
public sealed record AiSystemInput
{
    public string? Name { get; init; }
    public string? Purpose { get; init; }
    public string? IntendedUse { get; init; }
    public string? OwnerObjectId { get; init; }
    public string? BusinessUnit { get; init; }
    public string? Stage { get; init; }
    public string? OurRole { get; init; }
    public string? ModelType { get; init; }
    public string? ThirdPartyProvider { get; init; }
    public IReadOnlyList<DataSourceInput?>? DataSources { get; init; }
    public IReadOnlyList<string?>? ImpactedParties { get; init; }
    public string? HumanOversight { get; init; }
    public string? AutonomyLevel { get; init; }
    public string? RiskClass { get; init; }
    public string? ImpactAssessmentStatus { get; init; }
    public string? ImpactAssessmentDate { get; init; }
    public string? LastReviewDate { get; init; }
    public string? NextReviewDate { get; init; }
    public IReadOnlyList<string?>? LinkedRiskIds { get; init; }
    public string? GateApproverObjectId { get; init; }

    public static AiSystemInput From(AiSystemDetails d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new AiSystemInput
        {
            Name = d.Name,
            Purpose = d.Purpose,
            IntendedUse = d.IntendedUse,
            OwnerObjectId = d.OwnerObjectId,
            BusinessUnit = d.BusinessUnit,
            Stage = d.Stage.ToString(),
            OurRole = d.OurRole.ToString(),
            ModelType = d.ModelType,
            ThirdPartyProvider = d.ThirdPartyProvider,
            DataSources = [.. d.DataSources.Select(s => new DataSourceInput(s.Name, s.Classification.ToString()))],
            ImpactedParties = [.. d.ImpactedParties],
            HumanOversight = d.HumanOversight,
            AutonomyLevel = d.AutonomyLevel.ToString(),
            RiskClass = d.RiskClass.ToString(),
            ImpactAssessmentStatus = d.ImpactAssessmentStatus.ToString(),
            ImpactAssessmentDate = AiSystemValidator.FormatDate(d.ImpactAssessmentDate),
            LastReviewDate = AiSystemValidator.FormatDate(d.LastReviewDate),
            NextReviewDate = AiSystemValidator.FormatDate(d.NextReviewDate),
            LinkedRiskIds = [.. d.LinkedRiskIds],
            GateApproverObjectId = d.GateApproverObjectId,
        };
    }
}

/// <summary>The outcome of validation: the details when valid, else the errors by field name (camelCase, as in the API).</summary>
public sealed record ValidationOutcome<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors)
    where T : class
{
    public bool IsValid => Errors.Count == 0 && Value is not null;
}

/// <summary>
/// The rules of an inventory entry. Every problem is reported against its field (<c>dataSources[1].classification</c>),
/// all at once. Dates are ISO 8601 calendar dates (yyyy-MM-dd); enum values are their names, case-insensitive.
/// </summary>
public static partial class AiSystemValidator
{
    public const int MaxNameLength = 200;
    public const int MaxShortTextLength = 200;
    public const int MaxLongTextLength = 2000;
    public const int MaxListItems = 50;
    public const int MaxRiskIds = 100;

    public static ValidationOutcome<AiSystemDetails> Validate(AiSystemInput? input, DateOnly today)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        input ??= new AiSystemInput();
        var name = Text(input.Name, "name", MaxNameLength, required: true, multiline: false, Add);
        var purpose = Text(input.Purpose, "purpose", MaxLongTextLength, required: true, multiline: true, Add);
        var intendedUse = Text(input.IntendedUse, "intendedUse", MaxLongTextLength, required: false, multiline: true, Add);
        var owner = Text(input.OwnerObjectId, "ownerObjectId", 64, required: true, multiline: false, Add);
        if (owner is not null && !ObjectIdPattern().IsMatch(owner))
        {
            Add("ownerObjectId", "Give the owner's Entra object id (letters, digits and dashes).");
        }

        var gateApprover = Text(input.GateApproverObjectId, "gateApproverObjectId", 64, required: false, multiline: false, Add);
        if (gateApprover is not null && !ObjectIdPattern().IsMatch(gateApprover))
        {
            Add("gateApproverObjectId", "Give the gate approver's Entra object id (letters, digits and dashes).");
        }
        else if (gateApprover is not null && string.Equals(gateApprover, owner, StringComparison.OrdinalIgnoreCase))
        {
            Add("gateApproverObjectId", "The gate approver cannot be the system's owner (separation of duties).");
        }

        var businessUnit = Text(input.BusinessUnit, "businessUnit", MaxShortTextLength, required: true, multiline: false, Add);
        var stage = ParseEnum<LifecycleStage>(input.Stage, "stage", required: true, Add);
        var role = ParseEnum<AiSystemRole>(input.OurRole, "ourRole", required: true, Add);
        var modelType = Text(input.ModelType, "modelType", MaxShortTextLength, required: true, multiline: false, Add);
        var provider = Text(input.ThirdPartyProvider, "thirdPartyProvider", MaxShortTextLength, required: false, multiline: false, Add);

        var sources = new List<DataSource>();
        if (input.DataSources is { Count: > MaxListItems })
        {
            Add("dataSources", $"At most {MaxListItems} data sources.");
        }
        else
        {
            for (var i = 0; i < (input.DataSources?.Count ?? 0); i++)
            {
                var s = input.DataSources![i];
                var sourceName = ListItem(s?.Name, $"dataSources[{i}].name", Add);
                var classification = ParseEnum<DataClassification>(s?.Classification, $"dataSources[{i}].classification", required: true, Add);
                if (sourceName is not null && classification is { } c)
                {
                    sources.Add(new DataSource(sourceName, c));
                }
            }
        }

        var parties = TextList(input.ImpactedParties, "impactedParties", MaxListItems, Add);
        var oversight = Text(input.HumanOversight, "humanOversight", MaxLongTextLength, required: false, multiline: true, Add);
        var autonomy = ParseEnum<AutonomyLevel>(input.AutonomyLevel, "autonomyLevel", required: true, Add);
        var riskClass = ParseEnum<EuAiActRiskClass>(input.RiskClass, "riskClass", required: true, Add);
        var impactStatus = ParseEnum<ImpactAssessmentStatus>(input.ImpactAssessmentStatus, "impactAssessmentStatus", required: true, Add);
        var impactDate = Date(input.ImpactAssessmentDate, "impactAssessmentDate", Add);
        var lastReview = Date(input.LastReviewDate, "lastReviewDate", Add);
        var nextReview = Date(input.NextReviewDate, "nextReviewDate", Add);

        var riskIds = TextList(input.LinkedRiskIds, "linkedRiskIds", MaxRiskIds, Add);
        for (var i = 0; i < riskIds.Count; i++)
        {
            if (!RiskIdPattern().IsMatch(riskIds[i]))
            {
                Add($"linkedRiskIds[{i}]", "A risk id is 1-64 letters, digits, dots, dashes or underscores.");
            }
        }

        if (riskIds.Distinct(StringComparer.OrdinalIgnoreCase).Count() != riskIds.Count)
        {
            Add("linkedRiskIds", "A risk is linked more than once.");
        }

        // Rules across fields.
        if (impactStatus == ImpactAssessmentStatus.Completed && impactDate is null && input.ImpactAssessmentDate is null)
        {
            Add("impactAssessmentDate", "Give the date of the completed impact assessment.");
        }

        if (impactDate is { } done && done > today)
        {
            Add("impactAssessmentDate", "The impact assessment date cannot be in the future.");
        }

        if (lastReview is { } last && last > today)
        {
            Add("lastReviewDate", "The last review cannot be in the future.");
        }

        if (lastReview is { } l && nextReview is { } n && n <= l)
        {
            Add("nextReviewDate", "The next review must come after the last review.");
        }

        if (riskClass == EuAiActRiskClass.Prohibited && stage is LifecycleStage.Deployment or LifecycleStage.OperationAndMonitoring)
        {
            Add("riskClass", "A system classed as a prohibited practice cannot be deployed or operated.");
        }

        if (riskClass == EuAiActRiskClass.High && oversight is null && input.HumanOversight is null)
        {
            Add("humanOversight", "Describe the human oversight of a high-risk system.");
        }

        if (riskClass == EuAiActRiskClass.High && stage is LifecycleStage.Deployment or LifecycleStage.OperationAndMonitoring
            && impactStatus is ImpactAssessmentStatus.NotStarted or ImpactAssessmentStatus.NotRequired)
        {
            Add("impactAssessmentStatus", "A high-risk system in deployment or operation needs an impact assessment (in progress or completed).");
        }

        if (errors.Count > 0)
        {
            return new ValidationOutcome<AiSystemDetails>(null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        var details = new AiSystemDetails(name!, purpose!, intendedUse, owner!, businessUnit!, stage!.Value, role!.Value, modelType!, provider,
            sources, parties, oversight, autonomy!.Value, riskClass!.Value, impactStatus!.Value, impactDate, lastReview, nextReview, riskIds)
        {
            GateApproverObjectId = gateApprover,
        };
        return new ValidationOutcome<AiSystemDetails>(details, new Dictionary<string, string[]>());
    }

    public static string? FormatDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Parses an enum by name, case-insensitive; numbers and undefined names are refused.</summary>
    public static bool TryParseEnum<T>(string? value, out T result)
        where T : struct, Enum
    {
        result = default;
        var trimmed = value?.Trim();
        return !string.IsNullOrEmpty(trimmed)
            && !char.IsAsciiDigit(trimmed[0]) && trimmed[0] != '-' && trimmed[0] != '+'
            && System.Enum.TryParse(trimmed, ignoreCase: true, out result)
            && System.Enum.IsDefined(result);
    }

    private static string? Text(string? value, string field, int max, bool required, bool multiline, Action<string, string> add)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                add(field, "Required.");
            }

            return null;
        }

        if (trimmed.Length > max)
        {
            add(field, $"At most {max} characters.");
            return null;
        }

        if (trimmed.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            add(field, multiline ? "Control characters are not allowed (line breaks and tabs are)." : "Control characters and line breaks are not allowed.");
            return null;
        }

        return trimmed;
    }

    private static List<string> TextList(IReadOnlyList<string?>? values, string field, int maxItems, Action<string, string> add)
    {
        var result = new List<string>();
        if (values is null)
        {
            return result;
        }

        if (values.Count > maxItems)
        {
            add(field, $"At most {maxItems} entries.");
            return result;
        }

        for (var i = 0; i < values.Count; i++)
        {
            var text = ListItem(values[i], $"{field}[{i}]", add);
            if (text is not null)
            {
                result.Add(text);
            }
        }

        return result;
    }

    /// <summary>An entry of a list: short text without ';' and '|', which separate list entries in CSV.</summary>
    private static string? ListItem(string? value, string field, Action<string, string> add)
    {
        var text = Text(value, field, MaxShortTextLength, required: true, multiline: false, add);
        if (text is not null && text.AsSpan().IndexOfAny(';', '|') >= 0)
        {
            add(field, "';' and '|' are not allowed in list entries (they separate entries in CSV).");
            return null;
        }

        return text;
    }

    private static T? ParseEnum<T>(string? value, string field, bool required, Action<string, string> add)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                add(field, $"Required: one of {string.Join(", ", System.Enum.GetNames<T>())}.");
            }

            return null;
        }

        if (TryParseEnum<T>(value, out var result))
        {
            return result;
        }

        add(field, $"'{Shorten(value)}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}.");
        return null;
    }

    private static DateOnly? Date(string? value, string field, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        add(field, $"'{Shorten(value)}' is not a date (yyyy-MM-dd).");
        return null;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 39), "…");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectIdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex RiskIdPattern();

    /// <summary>System ids: 1-64 letters, digits, dots, dashes or underscores (safe as Table keys and in URLs).</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    public static partial Regex SystemIdPattern();
}
