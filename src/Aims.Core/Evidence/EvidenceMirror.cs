namespace Aims.Core.Evidence;

/// <summary>
/// Port: a read-only copy of evidence where people already look for documents (a SharePoint document library). The
/// evidence store stays the record of truth; the mirror is best effort, asynchronous, and never blocks a workflow.
/// Implementations are idempotent by content address: mirroring the same item twice leaves one copy.
/// </summary>
public interface IEvidenceMirror
{
    /// <summary>"off" when no mirror is configured, else the target ("SharePoint").</summary>
    string Mode { get; }

    bool IsEnabled { get; }

    /// <summary>Copies the item's payload (and its metadata). Throws <see cref="EvidenceMirrorException"/> when the target fails.</summary>
    Task<MirroredFile> MirrorAsync(EvidenceItem item, Stream payload, CancellationToken cancellationToken = default);
}

/// <summary>Where a mirrored item landed; <see cref="AlreadyExisted"/> when an earlier attempt had put it there.</summary>
public sealed record MirroredFile(string Path, string? DriveItemId, string? WebUrl, bool AlreadyExisted);

/// <summary>The mirror target refused or failed; the work item is retried by the host.</summary>
public sealed class EvidenceMirrorException(string message, Exception? inner = null) : Exception(message, inner);

public enum MirrorState
{
    Mirrored,

    /// <summary>An attempt failed; the host retries it.</summary>
    Failed,

    /// <summary>Every attempt failed (the work item went to the poison queue) or the item cannot be mirrored at all.</summary>
    FailedFinal,
}

/// <summary>The mirror status of one evidence item.</summary>
public sealed record MirrorStatus(
    string ItemId,
    MirrorState State,
    int Attempts,
    string? Path,
    string? DriveItemId,
    string? WebUrl,
    string? LastError,
    DateTimeOffset UpdatedAt);

/// <summary>Port: the mirror status per evidence item (table <c>evidencemirror</c>).</summary>
public interface IEvidenceMirrorStatus
{
    Task<MirrorStatus?> GetAsync(string itemId, CancellationToken cancellationToken = default);

    Task MarkMirroredAsync(string itemId, MirroredFile file, int attempts, CancellationToken cancellationToken = default);

    Task MarkFailedAsync(string itemId, string error, int attempts, bool final, CancellationToken cancellationToken = default);

    /// <summary>Items whose every attempt failed, oldest first.</summary>
    IAsyncEnumerable<MirrorStatus> ListNotMirroredAsync(CancellationToken cancellationToken = default);

    Task<int> CountNotMirroredAsync(CancellationToken cancellationToken = default);
}

/// <summary>The work item of the <c>evidence-mirror</c> queue.</summary>
public sealed record EvidenceMirrorWork(string ItemId);
