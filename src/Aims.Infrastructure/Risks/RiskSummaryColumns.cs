using System.Globalization;
using Aims.Core.Risks;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Risks;

/// <summary>
/// A risk row's <see cref="RiskSummary"/> as one compact column (<see cref="Column"/>) next to its document, written with every
/// change of the risk (same entity, same ETag), so the two never disagree. One string rather than a column per figure: a
/// count over 100,000 rows then costs the service and the client one property per row, not ten. The format, fields separated
/// by <c>|</c>: version, state, likelihood, impact, residual likelihood, residual impact, next review date, open actions' due
/// dates, decision times; dates <c>yyyy-MM-dd</c>, times Unix milliseconds, lists comma-separated. The id and the AI system come
/// from the row's <c>Id</c> and <c>AiSystemId</c> columns. A row whose column is empty or of another version (written before the
/// column existed, or whose lists would not fit a column) has no summary here and is read whole.
/// </summary>
internal static class RiskSummaryColumns
{
    public const string Column = "Summary";
    private const string Version = "1";

    // A string property holds at most 64 KiB (32,768 UTF-16 characters); leave room.
    private const int MaxLength = 30_000;

    public static readonly IReadOnlyList<string> Selected = ["RowKey", "Id", "AiSystemId", Column];

    public static void Write(TableEntity entity, RiskSummary summary)
    {
        var value = string.Join('|',
            Version,
            summary.State.ToString(),
            N(summary.Likelihood),
            N(summary.Impact),
            N(summary.ResidualLikelihood),
            N(summary.ResidualImpact),
            summary.NextReviewDate is { } next ? Date(next) : string.Empty,
            string.Join(',', summary.OpenActionDueDates.Select(Date)),
            string.Join(',', summary.DecisionTimes.Select(t => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))));

        // Written every time, empty when it does not fit: risk rows are written by merge, which would keep a stale value.
        entity[Column] = value.Length <= MaxLength ? value : string.Empty;
        entity["Id"] = summary.Id;
    }

    /// <summary>The summary the row holds, or null when it has none of this version.</summary>
    public static RiskSummary? Read(TableEntity entity)
    {
        if (entity.GetString(Column) is not { Length: > 0 } value || entity.GetString("Id") is not { } id)
        {
            return null;
        }

        var f = value.Split('|');
        if (f.Length != 9 || f[0] != Version || !Enum.TryParse<ApprovalState>(f[1], out var state))
        {
            return null;
        }

        return new RiskSummary(
            id,
            entity.GetString("AiSystemId") ?? string.Empty,
            state,
            int.Parse(f[2], CultureInfo.InvariantCulture),
            int.Parse(f[3], CultureInfo.InvariantCulture),
            int.Parse(f[4], CultureInfo.InvariantCulture),
            int.Parse(f[5], CultureInfo.InvariantCulture),
            f[6].Length > 0 ? ParseDate(f[6]) : null,
            [.. Split(f[7]).Select(ParseDate)],
            [.. Split(f[8]).Select(t => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(t, CultureInfo.InvariantCulture)))]);
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string[] Split(string list) => list.Length == 0 ? [] : list.Split(',');
}
