using Aims.Application.Work;
using Aims.Core.Evidence;
using Aims.Infrastructure.Evidence.Mirror;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Evidence;

/// <summary>
/// The evidence store as workflows see it when the SharePoint mirror is on: records through the real store, then puts
/// one work item on <see cref="AimsQueues.EvidenceMirror"/>. The evidence is recorded whatever happens to the enqueue:
/// a failed enqueue is logged (the item shows in the store, not in the mirror) and never reaches the workflow.
/// </summary>
public sealed class MirroringEvidenceStore(IEvidenceStore inner, WorkQueue queue, ILogger<MirroringEvidenceStore> logger, string queueName = AimsQueues.EvidenceMirror) : IEvidenceStore
{
    public async Task<EvidenceItem> RecordAsync(NewEvidence evidence, CancellationToken cancellationToken = default)
    {
        var item = await inner.RecordAsync(evidence, cancellationToken);
        try
        {
            await queue.EnqueueAsync(queueName, EvidenceMirrorProcessor.Serialize(new EvidenceMirrorWork(item.Id)), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Evidence {ItemId} recorded but not queued for the SharePoint mirror", item.Id);
        }

        return item;
    }

    public Task<EvidenceItem?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<Stream?> OpenPayloadAsync(string id, CancellationToken cancellationToken = default) => inner.OpenPayloadAsync(id, cancellationToken);

    public Task<Stream?> OpenPayloadOfAsync(EvidenceItem item, CancellationToken cancellationToken = default) => inner.OpenPayloadOfAsync(item, cancellationToken);

    public Task<EvidencePage> ListAsync(EvidenceQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

    public Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken = default) => inner.VerifyAsync(cancellationToken);

    public Task<LedgerHead> GetRootHashAsync(CancellationToken cancellationToken = default) => inner.GetRootHashAsync(cancellationToken);

    public IAsyncEnumerable<LedgerEntry> ReadLedgerAsync(CancellationToken cancellationToken = default) => inner.ReadLedgerAsync(cancellationToken);
}

/// <summary>Queue handler of <see cref="AimsQueues.EvidenceMirror"/>: the work is in <see cref="EvidenceMirrorProcessor"/>.</summary>
public sealed class EvidenceMirrorHandler(EvidenceMirrorProcessor processor) : IQueueHandler
{
    public string QueueName => AimsQueues.EvidenceMirror;

    public Task HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken) =>
        processor.ProcessAsync(message, (int)Math.Min(dequeueCount, int.MaxValue), dequeueCount >= AimsQueues.MaxDequeueCount, cancellationToken);
}

/// <summary>Audit pack: <c>mirror/not-mirrored.csv</c>, the evidence whose SharePoint copy failed for good.</summary>
public sealed class NotMirroredSection(IEvidenceMirrorStatus status, IEvidenceMirror mirror) : IAuditPackSection
{
    public static readonly string[] Header = ["item_id", "state", "attempts", "last_error", "updated_at", "mirror_mode"];

    public string Name => "mirror";

    public Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return writer.WriteCsvAsync("mirror/not-mirrored.csv", Header, Rows(), cancellationToken);

        async IAsyncEnumerable<IReadOnlyList<string?>> Rows()
        {
            await foreach (var s in status.ListNotMirroredAsync(cancellationToken))
            {
                yield return [s.ItemId, s.State.ToString(), s.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), s.LastError,
                    s.UpdatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), mirror.Mode];
            }
        }
    }
}

public static class EvidenceMirrorRegistration
{
    /// <summary>
    /// The mirror's queue, handler and audit pack section; the enqueuing decorator around <see cref="IEvidenceStore"/>
    /// only when <c>SharePoint:DriveId</c> is set (otherwise nothing is enqueued).
    /// </summary>
    public static IServiceCollection AddEvidenceMirrorWork(this IServiceCollection services)
    {
        services.AddQueueHandler<EvidenceMirrorHandler>(AimsQueues.EvidenceMirror);
        services.AddSingleton<IAuditPackSection, NotMirroredSection>();
        var options = services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Options.IOptions<SharePointMirrorOptions>))
            .Select(d => d.ImplementationInstance).OfType<Microsoft.Extensions.Options.IOptions<SharePointMirrorOptions>>().LastOrDefault();
        if (options?.Value.IsEnabled != true)
        {
            return services;
        }

        var store = services.Last(d => d.ServiceType == typeof(IEvidenceStore));
        var innerType = store.ImplementationType ?? throw new InvalidOperationException("The evidence store must be registered by type to be mirrored.");
        services.AddSingleton(innerType);
        services.Remove(store);
        services.AddSingleton<IEvidenceStore>(sp => new MirroringEvidenceStore(
            (IEvidenceStore)sp.GetRequiredService(innerType), sp.GetRequiredService<WorkQueue>(), sp.GetRequiredService<ILogger<MirroringEvidenceStore>>()));
        return services;
    }
}
