using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Work;

/// <summary>
/// A decision that is stored with its evidence and now has to be announced: every copy of its card updated, the next approver
/// reached, the submitter told. <see cref="DecisionKey"/> identifies the decision (the press's request id for risks); every
/// message the announcement sends is claimed under it in the delivery log, so a redelivered or re-enqueued event sends nothing twice.
/// </summary>
public sealed record DecisionAnnouncement(string Kind, string SubjectId, string DecisionKey) : IQueueMessage
{
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The delivery-log key under which the announcement's messages are claimed.</summary>
    public string IdempotencyKey => $"announce:{Kind}:{SubjectId}:{DecisionKey}";
}

/// <summary>Announces the decisions of one kind of subject (a capability registers one).</summary>
public interface IDecisionAnnouncer
{
    /// <summary>The <see cref="DecisionAnnouncement.Kind"/> this announcer handles ("risk", "document").</summary>
    string Kind { get; }

    /// <summary>Announces the decision if it is still the subject's latest; throwing makes the queue retry.</summary>
    Task AnnounceAsync(DecisionAnnouncement announcement, CancellationToken cancellationToken);
}

/// <summary>Puts decision announcements on their queue. Enqueued as part of settling a decision's evidence, so it is never lost.</summary>
public sealed class DecisionAnnouncements(WorkQueue queue)
{
    public Task EnqueueAsync(string kind, string subjectId, string decisionKey, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(AimsQueues.DecisionAnnouncements, new DecisionAnnouncement(kind, subjectId, decisionKey), cancellationToken);
}

/// <summary>The queue handler of decision announcements: finds the announcer of the kind and lets it announce.</summary>
public sealed class DecisionAnnouncementHandler(IEnumerable<IDecisionAnnouncer> announcers, ILogger<DecisionAnnouncementHandler> logger) : QueueHandler<DecisionAnnouncement>
{
    private readonly Dictionary<string, IDecisionAnnouncer> _announcers = announcers.ToDictionary(a => a.Kind, StringComparer.Ordinal);

    public override string QueueName => AimsQueues.DecisionAnnouncements;

    protected override async Task HandleAsync(DecisionAnnouncement message, long dequeueCount, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message.Kind) || string.IsNullOrWhiteSpace(message.SubjectId) || string.IsNullOrWhiteSpace(message.DecisionKey))
        {
            throw new MalformedQueueMessageException("A decision announcement needs a kind, a subject id and a decision key.");
        }

        if (!_announcers.TryGetValue(message.Kind, out var announcer))
        {
            throw new MalformedQueueMessageException($"No announcer for decisions of kind '{message.Kind}'.");
        }

        logger.LogInformation("Announcing {Kind} {SubjectId} decision {DecisionKey} (attempt {DequeueCount})", message.Kind, message.SubjectId, message.DecisionKey, dequeueCount);
        await announcer.AnnounceAsync(message, cancellationToken);
    }
}

public static class DecisionAnnouncementExtensions
{
    /// <summary>Registers an announcer; the queue and its handler are registered once, however many capabilities add announcers.</summary>
    public static IServiceCollection AddDecisionAnnouncer<TAnnouncer>(this IServiceCollection services)
        where TAnnouncer : class, IDecisionAnnouncer
    {
        if (!services.Any(s => s.ServiceType == typeof(DecisionAnnouncements)))
        {
            services.AddSingleton<DecisionAnnouncements>();
            services.AddQueueHandler<DecisionAnnouncementHandler>(AimsQueues.DecisionAnnouncements);
        }

        services.AddSingleton<IDecisionAnnouncer, TAnnouncer>();
        return services;
    }
}
