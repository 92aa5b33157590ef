using System.Text.Json;
using Aims.Application.Work;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Training;

/// <summary>
/// Reads <c>training-launch</c>: one audience page per item (<see cref="TrainingService.LaunchPageAsync"/>), then queues the next
/// page. Failures are rethrown so the host retries the same page; malformed items are logged and dropped.
/// </summary>
public sealed class TrainingLaunchHandler(TrainingService training, WorkQueue queue, ILogger<TrainingLaunchHandler> logger) : IQueueHandler
{
    public string QueueName => AimsQueues.TrainingLaunch;

    public async Task HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        TrainingLaunchWork? work;
        try
        {
            work = JsonSerializer.Deserialize<TrainingLaunchWork>(message);
        }
        catch (JsonException ex)
        {
            logger.LogError(ex, "Dropped a malformed training launch item");
            return;
        }

        if (work is null || string.IsNullOrWhiteSpace(work.CampaignId) || work.Page < 0)
        {
            logger.LogError("Dropped a training launch item without campaign or page");
            return;
        }

        var next = await training.LaunchPageAsync(work, cancellationToken);
        if (next is not null)
        {
            await queue.EnqueueAsync(AimsQueues.TrainingLaunch, JsonSerializer.Serialize(next), cancellationToken);
        }
    }
}
