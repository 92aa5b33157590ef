using Aims.Application.Work;
using Cronos;

namespace Aims.DevHost;

/// <summary>Fires the same CRON schedules as the Functions timer triggers (<see cref="AimsSchedules.All"/>) and runs the shared jobs.</summary>
public sealed class LocalScheduler(ScheduledJobRunner runner, TimeProvider time, ILogger<LocalScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(AimsSchedules.All.Select(s => RunScheduleAsync(s.Key, CronExpression.Parse(s.Value, CronFormat.IncludeSeconds), stoppingToken)));

    private async Task RunScheduleAsync(string job, CronExpression cron, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = cron.GetNextOccurrence(now.UtcDateTime, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            logger.LogInformation("Job {Job} next runs at {Next:u}", job, next);
            await Task.Delay(next.Value - now.UtcDateTime, time, stoppingToken);
            try
            {
                await runner.RunAsync(job, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Job {Job} failed", job);
            }
        }
    }
}
