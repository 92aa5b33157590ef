using Microsoft.Extensions.Logging;

namespace Aims.Application.Work;

/// <summary>
/// CRON schedules (six fields, with seconds, as Functions timer triggers take them), in one place: the Functions
/// timer attributes name these constants and the DevHost's scheduler reads <see cref="All"/>.
/// </summary>
public static class AimsSchedules
{
    /// <summary>Job name to CRON expression. Capabilities add their jobs here as they arrive.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>();
}

/// <summary>Application code run on a schedule.</summary>
public interface IScheduledJob
{
    string Name { get; }

    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>Runs a job by name; used by the Functions timer triggers and the DevHost's scheduler alike.</summary>
public sealed class ScheduledJobRunner(IEnumerable<IScheduledJob> jobs, ILogger<ScheduledJobRunner> logger)
{
    private readonly Dictionary<string, IScheduledJob> _jobs = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Jobs => _jobs.Keys;

    public async Task RunAsync(string name, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(name, out var job))
        {
            throw new InvalidOperationException($"No scheduled job '{name}'.");
        }

        var started = DateTimeOffset.UtcNow;
        logger.LogInformation("Scheduled job {Job} started", name);
        await job.RunAsync(cancellationToken);
        logger.LogInformation("Scheduled job {Job} finished in {ElapsedMs} ms", name, (DateTimeOffset.UtcNow - started).TotalMilliseconds);
    }
}
