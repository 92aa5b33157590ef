using System.Globalization;
using System.Text.RegularExpressions;
using Aims.Core.Catalog;
using Aims.Core.Context;

namespace Aims.Core.Objectives;

/// <summary>Which way is better for a metric.</summary>
public enum TargetDirection
{
    /// <summary>Higher is better: on target when the value is at least the target (e.g. training completion).</summary>
    AtLeast,

    /// <summary>Lower is better: on target when the value is at most the target (e.g. a bias gap).</summary>
    AtMost,
}

/// <summary>Where an objective's measurements come from (9.1).</summary>
public enum MeasurementSource
{
    /// <summary>Computed by the AIMS from its own data (<see cref="ComputedMetrics"/>).</summary>
    Computed,

    /// <summary>Posted by a monitoring tool for an AI system (MLOps job, Azure Monitor alert webhook).</summary>
    Monitoring,

    /// <summary>Entered by the owner from a card.</summary>
    Manual,
}

/// <summary>The metrics the AIMS computes from its own stores.</summary>
public static class ComputedMetrics
{
    /// <summary>Percent of current training assignments attested (7.2, 7.3).</summary>
    public const string TrainingCompletion = "training-completion";

    /// <summary>Number of open risk treatment actions past their due date (6.1.3, 8.3).</summary>
    public const string OverdueTreatments = "overdue-treatments";

    /// <summary>Percent of review tasks of the last 12 months that were completed (9.1).</summary>
    public const string ReviewCompletion = "review-completion";

    public static IReadOnlyList<string> All { get; } = [TrainingCompletion, OverdueTreatments, ReviewCompletion];
}

/// <summary>
/// A breach of an objective's target that is being handled: one incident per breach, however many measurements follow.
/// <see cref="ClaimedAt"/> is when a process took on opening its incident; a claim without a report for long is taken over.
/// </summary>
public sealed record ObjectiveBreach(string MeasurementId, DateTimeOffset Since, double Value, string? ReportId, string? AcknowledgedBy = null, DateTimeOffset? AcknowledgedAt = null, DateTimeOffset? ClaimedAt = null);

/// <summary>
/// An AI objective with a measurable target (6.2; A.6.1.2 responsible development, A.9.3 responsible use) and how it is
/// watched (9.1; A.6.2.6 operation and monitoring). <see cref="OpenBreach"/> is set while the latest measurement misses the
/// target, so a run of bad measurements opens one incident, not one each.
/// </summary>
public sealed record AiObjective(
    string Id,
    string Title,
    string Description,
    string Metric,
    double Target,
    TargetDirection Direction,
    string? Unit,
    string OwnerObjectId,
    int FrequencyDays,
    MeasurementSource Source,
    string? AiSystemId,
    double? ValidMin,
    double? ValidMax,
    IReadOnlyList<string> Controls,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    bool Retired = false,
    Measurement? Latest = null,
    ObjectiveBreach? OpenBreach = null)
{
    public bool IsOnTarget(double value) => Direction == TargetDirection.AtLeast ? value >= Target : value <= Target;

    /// <summary>"&gt;= 95 %" for people.</summary>
    public string TargetText => (Direction == TargetDirection.AtLeast ? ">= " : "<= ") + Target.ToString("0.###", CultureInfo.InvariantCulture) + (Unit is { Length: > 0 } u ? " " + u : string.Empty);

    /// <summary>Is a measurement due (none yet, or the latest older than the frequency)?</summary>
    public bool IsMeasurementDue(DateTimeOffset now) => !Retired && (Latest is null || Latest.At.AddDays(FrequencyDays) <= now);
}

/// <summary>One measured value of an objective or a monitoring signal.</summary>
public sealed record Measurement(
    string Id,
    string ObjectiveId,
    double Value,
    DateTimeOffset At,
    MeasurementSource Source,
    string ByObjectId,
    string ByName,
    string? Note,
    bool OnTarget);

/// <summary>How one objective did since the last management review (9.3.2 d).</summary>
public enum TrendStatus
{
    OnTarget,
    OffTarget,
    NoData,
}

public sealed record ObjectiveTrend(string ObjectiveId, string Title, string TargetText, TrendStatus Status, double? Latest, double? AtLastReview, int MeasurementsInPeriod, string? Unit)
{
    /// <summary>One line for the digest card and its HTML page.</summary>
    public string Line
    {
        get
        {
            var status = Status switch { TrendStatus.OnTarget => "on target", TrendStatus.OffTarget => "OFF TARGET", _ => "no data since the last review" };
            var value = Latest is { } v ? string.Create(CultureInfo.InvariantCulture, $" {v:0.###}{(Unit is { Length: > 0 } u ? " " + u : string.Empty)}") : string.Empty;
            var was = AtLastReview is { } w ? string.Create(CultureInfo.InvariantCulture, $", was {w:0.###} at the last review") : string.Empty;
            return $"{ObjectiveId} {Title}: {status}{value} (target {TargetText}{was}; {MeasurementsInPeriod} measurements)";
        }
    }
}

/// <summary>An objective as the API receives it (create or update).</summary>
public sealed record ObjectiveRequest(
    string? Title,
    string? Description,
    string? Metric,
    double? Target,
    TargetDirection? Direction,
    string? Unit,
    string? OwnerObjectId,
    int? FrequencyDays,
    MeasurementSource? Source,
    string? AiSystemId,
    double? ValidMin,
    double? ValidMax,
    IReadOnlyList<string>? Controls);

/// <summary>Field-by-field checks of objectives and of measured values.</summary>
public static partial class ObjectiveValidator
{
    public const int MaxFrequencyDays = 366;

    /// <summary>Controls an objective evidences when none are named: objectives for responsible development and use.</summary>
    public static readonly string[] DefaultControls = ["A.6.1.2", "A.9.3"];

    public static Dictionary<string, string[]> Validate(ObjectiveRequest? r)
    {
        var e = new Dictionary<string, string[]>();
        if (r is null)
        {
            e["body"] = ["An objective object is required."];
            return e;
        }

        ContextValidator.Text(e, "title", r.Title, ContextValidator.MaxTitle, required: true);
        ContextValidator.Text(e, "description", r.Description, ContextValidator.MaxText, required: false);
        ContextValidator.Text(e, "unit", r.Unit, 20, required: false);
        if (string.IsNullOrWhiteSpace(r.Metric) || !MetricName().IsMatch(r.Metric)) e["metric"] = ["A metric name: 1-64 lowercase letters, digits, dots, dashes or underscores."];
        if (r.Target is not { } target || !double.IsFinite(target)) e["target"] = ["A finite number."];
        if (r.Direction is null || !Enum.IsDefined(r.Direction.Value)) e["direction"] = ["AtLeast (higher is better) or AtMost (lower is better)."];
        if (string.IsNullOrWhiteSpace(r.OwnerObjectId)) e["ownerObjectId"] = ["The owner's Entra object id is required."];
        if (r.FrequencyDays is not (>= 1 and <= MaxFrequencyDays)) e["frequencyDays"] = [$"How often it is measured, 1 to {MaxFrequencyDays} days."];
        if (r.Source is null || !Enum.IsDefined(r.Source.Value)) e["source"] = ["Computed, Monitoring or Manual."];
        if (r.Source == MeasurementSource.Computed && r.Metric is { } m && !ComputedMetrics.All.Contains(m)) e["metric"] = [$"A computed objective measures one of: {string.Join(", ", ComputedMetrics.All)}."];
        if (r.Source == MeasurementSource.Monitoring && string.IsNullOrWhiteSpace(r.AiSystemId)) e["aiSystemId"] = ["A monitored objective names the AI system its signals come from."];
        if (r.ValidMin is { } min && !double.IsFinite(min)) e["validMin"] = ["A finite number."];
        if (r.ValidMax is { } max && !double.IsFinite(max)) e["validMax"] = ["A finite number."];
        if (r.ValidMin is { } lo && r.ValidMax is { } hi && lo >= hi) e["validMax"] = ["Must be greater than validMin."];
        if (r.Target is { } t && double.IsFinite(t) && ((r.ValidMin is { } l && t < l) || (r.ValidMax is { } h && t > h))) e["target"] = ["The target lies outside the valid range."];
        if (Iso42001Catalog.WhyNotControls(r.Controls) is { } why) e["controls"] = [why];

        return e;
    }

    /// <summary>Why a value cannot be a measurement of the objective, or null when it can.</summary>
    public static string? WhyNotValue(AiObjective objective, double value)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (!double.IsFinite(value)) return "The value must be a finite number.";
        if (objective.ValidMin is { } min && value < min) return string.Create(CultureInfo.InvariantCulture, $"The value {value} is below the valid minimum {min} of objective {objective.Id}.");
        if (objective.ValidMax is { } max && value > max) return string.Create(CultureInfo.InvariantCulture, $"The value {value} is above the valid maximum {max} of objective {objective.Id}.");
        return null;
    }

    public static bool IsMetricName(string? value) => value is not null && MetricName().IsMatch(value);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex MetricName();
}

/// <summary>Port: the measurements of each objective (and of monitoring signals), newest first.</summary>
public interface IMeasurementLog
{
    /// <summary>Adds the measurement under its series; false when the same id was recorded already (a retried post).</summary>
    Task<bool> AppendAsync(string series, Measurement measurement, CancellationToken cancellationToken = default);

    /// <summary>The series' measurements taken at or after <paramref name="since"/> (all when null), newest first.</summary>
    IAsyncEnumerable<Measurement> ListAsync(string series, DateTimeOffset? since, CancellationToken cancellationToken = default);
}
