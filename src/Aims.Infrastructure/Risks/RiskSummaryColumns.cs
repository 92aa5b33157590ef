using System.Globalization;
using Aims.Core.Risks;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Risks;

/// <summary>
/// A risk row's <see cref="RiskSummary"/> as columns next to its document, written with every change of the risk (same
/// entity, same ETag), so they never disagree with it. Dates are <c>yyyy-MM-dd</c>, decision times Unix milliseconds,
/// lists comma-separated. A row without <see cref="VersionColumn"/> 1 (written before the columns existed, or whose lists
/// would not fit a column) has no summary here and is read whole.
/// </summary>
internal static class RiskSummaryColumns
{
    public const string VersionColumn = "SummaryVersion";
    private const int Version = 1;

    // A string property holds at most 64 KiB (32,768 UTF-16 characters); leave room.
    private const int MaxListLength = 30_000;

    public static readonly IReadOnlyList<string> Selected =
    [
        "RowKey", VersionColumn, "Id", "AiSystemId", "State", "Likelihood", "Impact", "ResidualLikelihood", "ResidualImpact",
        "NextReviewDate", "OpenActionDueDates", "DecisionTimes",
    ];

    public static void Write(TableEntity entity, RiskSummary summary)
    {
        var dueDates = string.Join(',', summary.OpenActionDueDates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var decisionTimes = string.Join(',', summary.DecisionTimes.Select(t => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
        // Every column is written every time (as 0 or empty when absent): risk rows are written by merge, which would keep a
        // column left out.
        if (dueDates.Length > MaxListLength || decisionTimes.Length > MaxListLength)
        {
            entity[VersionColumn] = 0;
            return;
        }

        entity[VersionColumn] = Version;
        entity["Id"] = summary.Id;
        entity["Likelihood"] = summary.Likelihood;
        entity["Impact"] = summary.Impact;
        entity["ResidualLikelihood"] = summary.ResidualLikelihood;
        entity["ResidualImpact"] = summary.ResidualImpact;
        entity["NextReviewDate"] = summary.NextReviewDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

        entity["OpenActionDueDates"] = dueDates;
        entity["DecisionTimes"] = decisionTimes;
    }

    /// <summary>The summary the columns hold, or null when the row has none of this version.</summary>
    public static RiskSummary? Read(TableEntity entity)
    {
        if (entity.GetInt32(VersionColumn) != Version
            || entity.GetString("Id") is not { } id
            || !Enum.TryParse<ApprovalState>(entity.GetString("State"), out var state))
        {
            return null;
        }

        return new RiskSummary(
            id,
            entity.GetString("AiSystemId") ?? string.Empty,
            state,
            entity.GetInt32("Likelihood") ?? 0,
            entity.GetInt32("Impact") ?? 0,
            entity.GetInt32("ResidualLikelihood") ?? 0,
            entity.GetInt32("ResidualImpact") ?? 0,
            entity.GetString("NextReviewDate") is { Length: > 0 } next ? ParseDate(next) : null,
            [.. Split(entity.GetString("OpenActionDueDates")).Select(ParseDate)],
            [.. Split(entity.GetString("DecisionTimes")).Select(t => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(t, CultureInfo.InvariantCulture)))]);
    }

    private static DateOnly ParseDate(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string[] Split(string? list) => string.IsNullOrEmpty(list) ? [] : list.Split(',');
}
