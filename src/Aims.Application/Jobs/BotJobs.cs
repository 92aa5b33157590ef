using System.Text.Json;
using Aims.Application.Work;
using Aims.Core.Messaging;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Jobs;

/// <summary>Work a person asked for in chat that may take longer than Teams' 15 s: queued, run, then answered with a card.</summary>
public sealed record BotJob(string Kind, string RequestedBy, string RequestId);

/// <summary>
/// The card that answers a bot job. With <see cref="TrackAs"/>, the copy is remembered under that subject so later changes (a
/// leader's response to a digest) update it too.
/// </summary>
public sealed record BotJobAnswer(AdaptiveCard Card, string? TrackAs = null)
{
    public static implicit operator BotJobAnswer(AdaptiveCard card) => new(card);
}

/// <summary>One kind of <see cref="BotJob"/>: runs it and returns the card that answers the requester.</summary>
public interface IBotJob
{
    string Kind { get; }

    Task<BotJobAnswer> RunAsync(BotJob job, CancellationToken cancellationToken);
}

/// <summary>Queues bot jobs.</summary>
public sealed class BotJobQueue(WorkQueue queue)
{
    public Task EnqueueAsync(BotJob job, CancellationToken cancellationToken = default) =>
        queue.EnqueueAsync(AimsQueues.BotJobs, JsonSerializer.Serialize(job), cancellationToken);
}

/// <summary>Runs a queued bot job once per request id and sends the result to the requester's 1:1 chat.</summary>
public sealed class BotJobHandler(IEnumerable<IBotJob> jobs, ProactiveMessenger messenger, Proactive.CardCopies copies, IDeliveryLog deliveries, ILogger<BotJobHandler> logger) : IQueueHandler
{
    private readonly Dictionary<string, IBotJob> _jobs = jobs.ToDictionary(j => j.Kind, StringComparer.Ordinal);

    public string QueueName => AimsQueues.BotJobs;

    public async Task HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        BotJob? job;
        try
        {
            job = JsonSerializer.Deserialize<BotJob>(message);
        }
        catch (JsonException ex)
        {
            logger.LogError(ex, "Dropped a malformed bot job");
            return;
        }

        if (job is null || string.IsNullOrWhiteSpace(job.RequestedBy) || string.IsNullOrWhiteSpace(job.RequestId) || !_jobs.TryGetValue(job.Kind ?? string.Empty, out var runner))
        {
            logger.LogError("Dropped a bot job without requester, id or a known kind ({Kind})", job?.Kind);
            return;
        }

        var key = $"job:{job.Kind}:{job.RequestId}";
        if (await deliveries.FindAsync(key, job.RequestedBy, cancellationToken) is { Status: "delivered" or "unreachable" })
        {
            return; // a redelivered queue message: the person already has their answer
        }

        var answer = await runner.RunAsync(job, cancellationToken);
        var result = answer.TrackAs is { } subject
            ? await copies.SendAsync(subject, job.RequestedBy, answer.Card, cancellationToken)
            : await messenger.SendCardAsync(job.RequestedBy, answer.Card, cancellationToken);
        await deliveries.CompleteAsync(key, job.RequestedBy, result.Delivered ? "delivered" : "unreachable", result.ActivityId, cancellationToken);
        logger.LogInformation("Bot job {Kind} {RequestId} answered to {ObjectId}: {Outcome}", job.Kind, job.RequestId, job.RequestedBy, result.Delivered ? "delivered" : result.Reason);
    }
}
