using System.Text.Json;
using Aims.Application.Work;
using Aims.Core.Training;
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

/// <summary>
/// <c>training-launch-poison</c>: a page the host gave up on after its retries. Never throws: it records why on the campaign's
/// launch progress (shown by the status API and card), and launching the campaign again resumes from that page.
/// </summary>
public sealed class TrainingLaunchPoisonHandler(ITrainingCampaignStore campaigns, TimeProvider time, ILogger<TrainingLaunchPoisonHandler> logger) : IQueueHandler
{
    public string QueueName => AimsQueues.TrainingLaunchPoison;

    public async Task HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        TrainingLaunchWork? work;
        try
        {
            work = JsonSerializer.Deserialize<TrainingLaunchWork>(message);
        }
        catch (JsonException ex)
        {
            logger.LogError(ex, "Dropped a malformed poisoned training launch item");
            return;
        }

        if (work is null || string.IsNullOrWhiteSpace(work.CampaignId))
        {
            return;
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await campaigns.GetAsync(work.CampaignId, cancellationToken);
            if (current?.Campaign is not { State: CampaignState.Launched, Progress: { Complete: false } progress } campaign || progress.PagesDone != work.Page)
            {
                return; // done meanwhile, or a later page got through: nothing is stuck
            }

            var reason = $"Audience resolution stopped at page {work.Page + 1} after {AimsQueues.MaxDequeueCount} attempts (the directory did not answer); launch the campaign again to resume.";
            try
            {
                await campaigns.UpdateAsync(campaign with { Progress = progress with { Error = reason, UpdatedAt = time.GetUtcNow() } }, current.ETag, cancellationToken);
                logger.LogWarning("Launch of {CampaignId} poisoned at page {Page}", work.CampaignId, work.Page);
                return;
            }
            catch (Core.Register.ConcurrencyConflictException)
            {
                // Changed meanwhile: read again.
            }
        }
    }
}
