using Aims.Application.Apis;
using Aims.Core.Scheduling;
using Cronos;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Work;

/// <summary>
/// CRON schedules (six fields, with seconds, as Functions timer triggers take them), in one place: the Functions
/// timer attributes name these constants and the DevHost's scheduler reads <see cref="All"/>.
/// </summary>
public static class AimsSchedules
{
    /// <summary>Daily role snapshot (clause 5.3 evidence), recorded whether or not anything changed: 02:00 UTC.</summary>
    public const string RoleSnapshot = "0 0 2 * * *";
    public const string RoleSnapshotJob = "role-snapshot";

    /// <summary>
    /// Hourly check for changed role membership, recorded only when the fingerprint differs from the last snapshot.
    /// At half past, so it never coincides with the daily snapshot.
    /// </summary>
    public const string RoleChangeCheck = "0 30 * * * *";
    public const string RoleChangeCheckJob = "role-change-check";

    /// <summary>Daily risk follow-up (acceptance expiry, approval reminders and escalation): 07:00 UTC.</summary>
    public const string RiskFollowUp = "0 0 7 * * *";
    public const string RiskFollowUpJob = "risk-follow-up";
    /// <summary>Daily corrective action follow-up (10.2: reminders to the owner when overdue, escalation to the AIMS managers): 07:10 UTC.</summary>
    public const string CorrectiveActionFollowUp = "0 10 7 * * *";
    public const string CorrectiveActionFollowUpJob = "corrective-action-follow-up";
    /// <summary>Daily training follow-up (reminders before due, manager escalation after due, summary): 07:00 UTC.</summary>
    public const string TrainingFollowUp = "0 0 7 * * *";
    public const string TrainingFollowUpJob = "training-follow-up";

    /// <summary>Quarterly management review digest (clause 9.3): 08:00 UTC on the first day of January, April, July and October.</summary>
    public const string ManagementReview = "0 0 8 1 1,4,7,10 *";
    public const string ManagementReviewJob = "management-review";

    /// <summary>Daily check that opens the review tasks of review cycles whose period has begun (once per cycle and period): 06:00 UTC.</summary>
    public const string ReviewCycles = "0 0 6 * * *";
    public const string ReviewCyclesJob = "review-cycles";

    /// <summary>Daily: computed AI objectives measured, owners of manual ones asked for their value (6.2, 9.1): 06:15 UTC.</summary>
    public const string ObjectiveMeasurements = "0 15 6 * * *";
    public const string ObjectiveMeasurementsJob = "objective-measurements";

    /// <summary>Daily: owners of controlled documents past their review date are asked to review them (7.5.2, A.2.4): 06:30 UTC.</summary>
    public const string DocumentReviews = "0 30 6 * * *";
    public const string DocumentReviewsJob = "document-reviews";

    /// <summary>Hourly: anonymous reports stored with their reporter in plain text are protected (idempotent; nothing to do once done).</summary>
    public const string AnonymousReporterMigration = "0 50 * * * *";
    public const string AnonymousReporterMigrationJob = "anonymous-reporter-migration";

    /// <summary>Every five minutes: evidence that stored changes still owe (storage failed right after them) is recorded.</summary>
    public const string EvidenceSettlement = "0 */5 * * * *";
    public const string EvidenceSettlementJob = "evidence-settlement";

    /// <summary>Job name to CRON expression. Capabilities add their jobs here as they arrive.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [RoleSnapshotJob] = RoleSnapshot,
        [RoleChangeCheckJob] = RoleChangeCheck,
        [RiskFollowUpJob] = RiskFollowUp,
        [CorrectiveActionFollowUpJob] = CorrectiveActionFollowUp,
        [TrainingFollowUpJob] = TrainingFollowUp,
        [ManagementReviewJob] = ManagementReview,
        [ReviewCyclesJob] = ReviewCycles,
        [ObjectiveMeasurementsJob] = ObjectiveMeasurements,
        [DocumentReviewsJob] = DocumentReviews,
        [EvidenceSettlementJob] = EvidenceSettlement,
        [AnonymousReporterMigrationJob] = AnonymousReporterMigration,
    };
}

/// <summary>Application code run on a schedule.</summary>
public interface IScheduledJob
{
    string Name { get; }

    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Runs a job by name; used by the Functions timer triggers and the DevHost's scheduler alike. Each run first claims
/// its scheduled occurrence (the latest CRON time at or before now) in <see cref="IScheduleClaims"/>, so a job runs
/// once per occurrence even when two instances fire, a host restarts, or a past-due run catches up.
/// </summary>
public sealed class ScheduledJobRunner
{
    /// <summary>A timer may fire a moment before its scheduled time (clock skew between instances); that still is this occurrence.</summary>
    internal static readonly TimeSpan EarlyTolerance = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan[] LookBacks = [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(367)];

    private readonly Dictionary<string, (IScheduledJob Job, CronExpression Cron)> _jobs;
    private readonly IScheduleClaims _claims;
    private readonly TimeProvider _time;
    private readonly ILogger<ScheduledJobRunner> _logger;
    private readonly string _owner;

    public ScheduledJobRunner(IEnumerable<IScheduledJob> jobs, IScheduleClaims claims, TimeProvider time, HostIdentity host, ILogger<ScheduledJobRunner> logger)
        : this(jobs, AimsSchedules.All, claims, time, host, logger)
    {
    }

    internal ScheduledJobRunner(
        IEnumerable<IScheduledJob> jobs,
        IReadOnlyDictionary<string, string> schedules,
        IScheduleClaims claims,
        TimeProvider time,
        HostIdentity host,
        ILogger<ScheduledJobRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(host);
        _jobs = jobs.ToDictionary(
            j => j.Name,
            j => (j, CronExpression.Parse(
                schedules.TryGetValue(j.Name, out var cron) ? cron : throw new InvalidOperationException($"Scheduled job '{j.Name}' has no CRON expression in AimsSchedules.All."),
                CronFormat.IncludeSeconds)),
            StringComparer.Ordinal);
        _claims = claims;
        _time = time;
        _logger = logger;
        _owner = $"{host.Name}/{Environment.MachineName}/{Environment.ProcessId}";
    }

    public IReadOnlyCollection<string> Jobs => _jobs.Keys;

    /// <summary>Runs the job for its current occurrence. Returns false when another run already claimed that occurrence.</summary>
    public async Task<bool> RunAsync(string name, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(name, out var entry))
        {
            throw new InvalidOperationException($"No scheduled job '{name}'.");
        }

        var started = _time.GetUtcNow();
        var occurrence = LatestOccurrence(entry.Cron, started + EarlyTolerance)
            ?? throw new InvalidOperationException($"Scheduled job '{name}' has no occurrence in the last year.");
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["Job"] = name, ["Occurrence"] = occurrence });
        if (!await _claims.TryClaimAsync(name, occurrence, _owner, cancellationToken))
        {
            _logger.LogInformation("Scheduled job {Job} for {Occurrence:o} already claimed by another run; skipped", name, occurrence);
            return false;
        }

        _logger.LogInformation("Scheduled job {Job} for {Occurrence:o} started", name, occurrence);
        try
        {
            await entry.Job.RunAsync(cancellationToken);
        }
        catch
        {
            // Give the occurrence back, so a past-due retry can run it; the failure itself surfaces to the host.
            await _claims.ReleaseAsync(name, occurrence, CancellationToken.None);
            throw;
        }

        await _claims.CompleteAsync(name, occurrence, CancellationToken.None);
        _logger.LogInformation("Scheduled job {Job} for {Occurrence:o} finished in {ElapsedMs} ms", name, occurrence, (_time.GetUtcNow() - started).TotalMilliseconds);
        return true;
    }

    /// <summary>The latest time the CRON names at or before <paramref name="at"/>.</summary>
    internal static DateTimeOffset? LatestOccurrence(CronExpression cron, DateTimeOffset at)
    {
        var to = at.UtcDateTime;
        foreach (var lookBack in LookBacks)
        {
            DateTime? latest = null;
            foreach (var occurrence in cron.GetOccurrences(to - lookBack, to, TimeZoneInfo.Utc, fromInclusive: true, toInclusive: true))
            {
                latest = occurrence;
            }

            if (latest is not null)
            {
                return new DateTimeOffset(latest.Value, TimeSpan.Zero);
            }
        }

        return null;
    }
}
