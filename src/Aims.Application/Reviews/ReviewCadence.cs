using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace Aims.Application.Reviews;

/// <summary>The period of a cycle that a moment falls in: its key (part of task ids, so stable) and when it began.</summary>
public sealed record CadencePeriod(string Key, DateTimeOffset Start);

/// <summary>
/// How often a review cycle opens: a 6-field CRON expression (a period runs from one occurrence to the next) or an ISO 8601
/// period of months/years (P3M, P1Y: fixed calendar blocks counted from January of year 1, so P3M gives quarters) or of
/// weeks/days (P2W, P10D: blocks counted from Monday 1 January of year 1). Evaluated in a time zone, so "the first of the month"
/// is the organisation's first of the month.
/// </summary>
public sealed partial class ReviewCadence
{
    private static readonly TimeSpan[] LookBacks = [TimeSpan.FromDays(2), TimeSpan.FromDays(32), TimeSpan.FromDays(367), TimeSpan.FromDays(5 * 366)];

    private readonly CronExpression? _cron;
    private readonly int _months;
    private readonly int _days;

    private ReviewCadence(CronExpression? cron, int months, int days)
    {
        _cron = cron;
        _months = months;
        _days = days;
    }

    /// <summary>Parses a cadence; the error says what is wrong in words a person can act on.</summary>
    public static bool TryParse(string? text, out ReviewCadence? cadence, out string? error)
    {
        cadence = null;
        error = null;
        var value = text?.Trim() ?? string.Empty;
        if (value.StartsWith('P'))
        {
            var match = IsoPeriod().Match(value);
            if (!match.Success || value == "P")
            {
                error = "An ISO 8601 period is like P3M, P1Y, P2W or P10D (years and months, or weeks and days; not both).";
                return false;
            }

            int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
            var months = (Part("y") * 12) + Part("m");
            var days = (Part("w") * 7) + Part("d");
            if ((months > 0) == (days > 0) || months > 120 || days > 3660)
            {
                error = "Use years/months (1 month to 10 years) or weeks/days (1 day to 10 years), not both.";
                return false;
            }

            cadence = new ReviewCadence(null, months, days);
            return true;
        }

        if (value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
        {
            error = "A cadence is an ISO 8601 period (P3M, P1Y) or a CRON expression with 6 fields (seconds first), like \"0 0 6 1 1,7 *\".";
            return false;
        }

        try
        {
            cadence = new ReviewCadence(CronExpression.Parse(value, CronFormat.IncludeSeconds), 0, 0);
            return true;
        }
        catch (CronFormatException ex)
        {
            error = "Not a valid CRON expression: " + ex.Message;
            return false;
        }
    }

    public static ReviewCadence Parse(string text) =>
        TryParse(text, out var cadence, out var error) ? cadence! : throw new FormatException(error);

    /// <summary>The time zone by IANA or Windows id; null when unknown.</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>The period <paramref name="now"/> falls in; null for a CRON expression with no occurrence in the last five years.</summary>
    public CadencePeriod? PeriodAt(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (_cron is not null)
        {
            foreach (var lookBack in LookBacks)
            {
                DateTimeOffset? latest = null;
                foreach (var occurrence in _cron.GetOccurrences(now - lookBack, now, zone, fromInclusive: true, toInclusive: true))
                {
                    latest = occurrence;
                }

                if (latest is { } start)
                {
                    return new CadencePeriod(TimeZoneInfo.ConvertTime(start, zone).ToString("yyyy-MM-dd'T'HHmm", CultureInfo.InvariantCulture), start);
                }
            }

            return null;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        DateOnly first;
        string key;
        if (_months > 0)
        {
            var index = ((date.Year - 1) * 12) + (date.Month - 1);
            var block = index - (index % _months);
            first = new DateOnly((block / 12) + 1, (block % 12) + 1, 1);
            key = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
        else
        {
            first = DateOnly.FromDayNumber(date.DayNumber - (date.DayNumber % _days));
            key = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var midnight = first.ToDateTime(TimeOnly.MinValue);
        return new CadencePeriod(key, new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)));
    }

    [GeneratedRegex(@"^P(?:(?<y>\d{1,3})Y)?(?:(?<m>\d{1,4})M)?(?:(?<w>\d{1,3})W)?(?:(?<d>\d{1,4})D)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPeriod();
}
