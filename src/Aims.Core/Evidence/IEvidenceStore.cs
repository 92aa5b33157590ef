namespace Aims.Core.Evidence;

/// <summary>
/// Port: the tamper-evident evidence store (ISO/IEC 42001 clause 7.5, documented information). Items are
/// content-addressed and immutable; every recorded item is appended once to a hash-chained ledger, so deleting,
/// altering or reordering anything afterwards is detected by <see cref="VerifyAsync"/>.
/// </summary>
public interface IEvidenceStore
{
    /// <summary>
    /// Stores the item and appends it to the ledger. Idempotent: identical content (including <see cref="NewEvidence.RecordedAt"/>)
    /// returns the existing item and adds no ledger entry. Throws <see cref="ArgumentException"/> for invalid input
    /// before anything is written.
    /// </summary>
    Task<EvidenceItem> RecordAsync(NewEvidence evidence, CancellationToken cancellationToken = default);

    /// <summary>The item, checked against its content address; null when no such item exists.</summary>
    Task<EvidenceItem?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The payload bytes of an item; null when no such item exists.</summary>
    Task<Stream?> OpenPayloadAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The payload bytes of an item the caller has just read through <see cref="GetAsync"/>, checked against its hash: a store
    /// may skip reading the item a second time (an export reads every item once, not twice).
    /// </summary>
    Task<Stream?> OpenPayloadOfAsync(EvidenceItem item, CancellationToken cancellationToken = default) =>
        OpenPayloadAsync((item ?? throw new ArgumentNullException(nameof(item))).Id, cancellationToken);

    Task<EvidencePage> ListAsync(EvidenceQuery query, CancellationToken cancellationToken = default);

    /// <summary>Re-checks the whole ledger and every item it names; streams, so memory stays flat however long the ledger is.</summary>
    Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken = default);

    /// <summary>The current head of the ledger: the hash an auditor can anchor elsewhere, and how many entries it covers.</summary>
    Task<LedgerHead> GetRootHashAsync(CancellationToken cancellationToken = default);

    /// <summary>Every ledger entry in sequence order (for the audit pack).</summary>
    IAsyncEnumerable<LedgerEntry> ReadLedgerAsync(CancellationToken cancellationToken = default);
}

/// <summary>One link of the ledger chain; <see cref="EntryHash"/> is <see cref="LedgerChain.ComputeEntryHash"/> of the other fields.</summary>
public sealed record LedgerEntry(
    long Sequence,
    string ItemId,
    string PayloadSha256,
    string PreviousHash,
    string EntryHash,
    DateTimeOffset RecordedAt);

/// <summary>The last entry: its sequence (0 for an empty ledger) and hash (<see cref="LedgerChain.GenesisHash"/> when empty).</summary>
public sealed record LedgerHead(long Sequence, string RootHash);

public enum LedgerProblemKind
{
    /// <summary>An item's envelope or payload blob is gone.</summary>
    Missing,

    /// <summary>Bytes no longer match their hash: a ledger entry, an envelope or a payload was changed.</summary>
    Altered,

    /// <summary>An entry does not link to the entry before it (an entry removed, inserted or reordered), or the head disagrees.</summary>
    BrokenLink,

    /// <summary>Sequence numbers are missing.</summary>
    Gap,

    /// <summary>The ledger ends before a head that was checkpointed outside it: entries were removed from its end.</summary>
    Truncated,
}

/// <summary>A finding of verification; <see cref="ItemId"/> is null when the entry itself is gone.</summary>
public sealed record LedgerProblem(long Sequence, string? ItemId, LedgerProblemKind Problem, string Detail);

public sealed record LedgerVerification(
    bool IsIntact,
    long EntryCount,
    string RootHash,
    long? FirstBrokenSequence,
    IReadOnlyList<LedgerProblem> Problems);

/// <summary>Stored evidence does not match its content address: someone changed bytes the store never overwrites.</summary>
public sealed class EvidenceIntegrityException(string message, Exception? inner = null) : Exception(message, inner);
