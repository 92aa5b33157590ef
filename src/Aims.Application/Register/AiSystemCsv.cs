using System.Globalization;
using System.Text;
using Aims.Core.Register;

namespace Aims.Application.Register;

/// <summary>
/// The CSV layout of the register. Lists are separated by ';' and a data source is <c>name|classification</c>.
/// <c>retired</c> and <c>retiredAt</c> are exported for information and ignored on import (retire through the API);
/// <c>etag</c>, when given on import, must still match the stored system.
/// </summary>
public static class AiSystemCsv
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "id", "name", "purpose", "intendedUse", "ownerObjectId", "businessUnit", "stage", "ourRole", "modelType", "thirdPartyProvider",
        "dataSources", "impactedParties", "humanOversight", "autonomyLevel", "riskClass", "impactAssessmentStatus", "impactAssessmentDate",
        "lastReviewDate", "nextReviewDate", "linkedRiskIds", "gateApproverObjectId", "retired", "retiredAt", "etag",
    ];

    public static void AppendHeader(StringBuilder sb) => Csv.AppendRecord(sb, Columns);

    public static void AppendRow(StringBuilder sb, VersionedAiSystem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var s = item.System;
        var d = s.Details;
        Csv.AppendRecord(sb,
        [
            s.Id, d.Name, d.Purpose, d.IntendedUse, d.OwnerObjectId, d.BusinessUnit, d.Stage.ToString(), d.OurRole.ToString(), d.ModelType,
            d.ThirdPartyProvider, string.Join("; ", d.DataSources.Select(x => $"{x.Name}|{x.Classification}")), string.Join("; ", d.ImpactedParties),
            d.HumanOversight, d.AutonomyLevel.ToString(), d.RiskClass.ToString(), d.ImpactAssessmentStatus.ToString(),
            AiSystemValidator.FormatDate(d.ImpactAssessmentDate), AiSystemValidator.FormatDate(d.LastReviewDate), AiSystemValidator.FormatDate(d.NextReviewDate),
            string.Join("; ", d.LinkedRiskIds), d.GateApproverObjectId, s.Retired ? "true" : "false",
            s.RetiredAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), item.ETag,
        ]);
    }

    /// <summary>The column index of each known header name (case-insensitive); unknown or repeated names are errors.</summary>
    public static (Dictionary<string, int> Map, List<string> Errors) ReadHeader(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            var known = Columns.FirstOrDefault(c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                errors.Add($"Unknown column '{name}' (known: {string.Join(", ", Columns)}).");
            }
            else if (!map.TryAdd(known, i))
            {
                errors.Add($"Column '{known}' appears twice.");
            }
        }

        if (!map.ContainsKey("name"))
        {
            errors.Add("The header needs at least a 'name' column.");
        }

        return (map, errors);
    }

    /// <summary>The id (may be empty), ETag (may be empty) and input of one row.</summary>
    public static (string? Id, string? ETag, AiSystemInput Input) ReadRow(IReadOnlyList<string> fields, IReadOnlyDictionary<string, int> map)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(map);
        string? Get(string column)
        {
            if (!map.TryGetValue(column, out var index) || index >= fields.Count)
            {
                return null;
            }

            var value = Csv.Restore(fields[index]).Trim();
            return value.Length == 0 ? null : value;
        }

        static List<string>? Split(string? value) =>
            value is null ? null : [.. value.Split(';').Select(v => v.Trim()).Where(v => v.Length > 0)];

        var sources = Split(Get("dataSources"))?.Select(v =>
        {
            var bar = v.LastIndexOf('|');
            return (DataSourceInput?)(bar < 0 ? new DataSourceInput(v, null) : new DataSourceInput(v[..bar].Trim(), v[(bar + 1)..].Trim()));
        }).ToList();
        var input = new AiSystemInput
        {
            Name = Get("name"),
            Purpose = Get("purpose"),
            IntendedUse = Get("intendedUse"),
            OwnerObjectId = Get("ownerObjectId"),
            BusinessUnit = Get("businessUnit"),
            Stage = Get("stage"),
            OurRole = Get("ourRole"),
            ModelType = Get("modelType"),
            ThirdPartyProvider = Get("thirdPartyProvider"),
            DataSources = sources,
            ImpactedParties = Split(Get("impactedParties"))?.ToList<string?>(),
            HumanOversight = Get("humanOversight"),
            AutonomyLevel = Get("autonomyLevel"),
            RiskClass = Get("riskClass"),
            ImpactAssessmentStatus = Get("impactAssessmentStatus"),
            ImpactAssessmentDate = Get("impactAssessmentDate"),
            LastReviewDate = Get("lastReviewDate"),
            NextReviewDate = Get("nextReviewDate"),
            LinkedRiskIds = Split(Get("linkedRiskIds"))?.ToList<string?>(),
            GateApproverObjectId = Get("gateApproverObjectId"),
        };
        return (Get("id"), Get("etag"), input);
    }
}
