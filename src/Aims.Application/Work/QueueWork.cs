using System.Diagnostics;
using Aims.Core.Telemetry;
using Aims.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Work;

/// <summary>The queues of the app. Functions queue triggers name these constants; the DevHost pumps the same queues.</summary>
public static class AimsQueues
{
    /// <summary>One proactive 1:1 message per item (fan-out).</summary>
    public const string ProactiveMessages = "proactive-messages";

    /// <summary>Work people asked for in chat that takes longer than Teams allows (audit pack, ledger verification).</summary>
    public const string BotJobs = "bot-jobs";

    /// <summary>One evidence item to copy to the SharePoint mirror (only enqueued when the mirror is configured).</summary>
    public const string EvidenceMirror = "evidence-mirror";

    /// <summary>Training campaigns: one attestation card or reminder per person and item.</summary>
    public const string TrainingSends = "training-sends";

    /// <summary>Training campaign launches: one item per audience page (resolve it, assign, queue the sends, queue the next page).</summary>
    public const string TrainingLaunch = "training-launch";
    public const string TrainingLaunchPoison = TrainingLaunch + PoisonSuffix;

    /// <summary>Where the host moves training sends that failed every attempt; read to mark the assignment failed with its reason.</summary>
    public const string TrainingSendsPoison = TrainingSends + PoisonSuffix;

    /// <summary>Decisions to announce (card copies, next approver, submitter), one item per decision.</summary>
    public const string DecisionAnnouncements = "decision-announcements";

    /// <summary>Functions moves a message here after <see cref="MaxDequeueCount"/> failed attempts; the DevHost does the same.</summary>
    public const string PoisonSuffix = "-poison";

    /// <summary>The Functions runtime default (host.json queues.maxDequeueCount).</summary>
    public const int MaxDequeueCount = 5;

    public static IReadOnlyList<string> All { get; } = [ProactiveMessages, BotJobs, EvidenceMirror, TrainingSends, TrainingSendsPoison, TrainingLaunch, TrainingLaunchPoison, DecisionAnnouncements];
}

/// <summary>Application code that processes one message of one queue. Throwing makes the host retry it.</summary>
public interface IQueueHandler
{
    string QueueName { get; }

    Task HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken);
}

/// <summary>Finds the handler of a queue; used by the Functions queue triggers and the DevHost's pump alike.</summary>
public sealed class QueueDispatcher(IEnumerable<IQueueHandler> handlers, WorkQueue queues, ILogger<QueueDispatcher> logger)
{
    private readonly Dictionary<string, IQueueHandler> _handlers = handlers.ToDictionary(h => h.QueueName, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Queues => _handlers.Keys;

    public async Task DispatchAsync(string queue, string message, long dequeueCount, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(queue, out var handler))
        {
            throw new InvalidOperationException($"No handler for queue '{queue}'.");
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Queue"] = queue, ["DequeueCount"] = dequeueCount });
        using var trace = AimsTelemetry.Source.StartActivity($"queue {queue}", ActivityKind.Consumer);
        trace?.SetTag(AimsTelemetry.QueueTag, queue);
        trace?.SetTag(AimsTelemetry.DequeueCountTag, dequeueCount);
        try
        {
            await handler.HandleAsync(message, dequeueCount, cancellationToken);
        }
        catch (MalformedQueueMessageException ex)
        {
            // Retrying cannot help: straight to the poison queue, logged here once with the reason (the item itself is deleted).
            trace?.SetTag(AimsTelemetry.OutcomeTag, "malformed");
            logger.LogError("Malformed item on {Queue} moved to {PoisonQueue}: {Reason}", queue, queue + AimsQueues.PoisonSuffix, ex.Message);
            await queues.PoisonAsync(queue, message, cancellationToken);
        }
    }
}

/// <summary>Puts work on a queue (base64, as the Functions trigger expects).</summary>
public sealed class WorkQueue(StorageClients clients)
{
    public async Task EnqueueAsync(string queue, string message, CancellationToken cancellationToken = default) =>
        await clients.Queues.GetQueueClient(queue).SendMessageAsync(message, cancellationToken);

    /// <summary>Puts a typed item on a queue, serialised in the one place (<see cref="QueueMessages"/>).</summary>
    public Task EnqueueAsync<T>(string queue, T message, CancellationToken cancellationToken = default)
        where T : IQueueMessage => EnqueueAsync(queue, QueueMessages.Serialize(message), cancellationToken);

    /// <summary>Moves an item to <c>{queue}-poison</c> (created on first use, as the Functions host does).</summary>
    public async Task PoisonAsync(string queue, string message, CancellationToken cancellationToken = default)
    {
        var poison = clients.Queues.GetQueueClient(queue + AimsQueues.PoisonSuffix);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.SendMessageAsync(message, cancellationToken);
    }
}

public static class QueueWorkExtensions
{
    public static IServiceCollection AddQueueHandler<THandler>(this IServiceCollection services, string queue)
        where THandler : class, IQueueHandler
    {
        services.AddStorageQueue(queue);
        services.AddSingleton<IQueueHandler, THandler>();
        return services;
    }
}
