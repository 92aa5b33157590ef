using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Aims.Core.Evidence;

/// <summary>
/// The hash chain of the evidence ledger. An entry's hash is SHA-256 over the UTF-8 text
/// <c>aims-ledger-v1\n{sequence}\n{item id}\n{payload sha256}\n{previous hash}\n{recorded at}</c> (sequence in decimal,
/// time as yyyy-MM-ddTHH:mm:ss.fffffffZ), lowercase hex. None of the fields can contain a newline, so the text is
/// unambiguous, and an auditor can recompute it with a shell one-liner. Sequences start at 1; the first entry links
/// to <see cref="GenesisHash"/>.
/// </summary>
public static class LedgerChain
{
    public static readonly string GenesisHash = new('0', 64);

    public static LedgerHead EmptyHead { get; } = new(0, GenesisHash);

    public static string ComputeEntryHash(long sequence, string itemId, string payloadSha256, string previousHash, DateTimeOffset recordedAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        EvidenceEnvelope.GetHash(itemId);
        if (!EvidenceEnvelope.IsSha256Hex(payloadSha256) || !EvidenceEnvelope.IsSha256Hex(previousHash))
        {
            throw new ArgumentException("Payload and previous hashes are 64 lowercase hex digits.");
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"aims-ledger-v1\n{sequence}\n{itemId}\n{payloadSha256}\n{previousHash}\n{EvidenceEnvelope.FormatTime(recordedAt)}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The entry that follows <paramref name="head"/> for an item.</summary>
    public static LedgerEntry Next(LedgerHead head, EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(item);
        var sequence = head.Sequence + 1;
        var recordedAt = item.RecordedAt.ToUniversalTime();
        return new LedgerEntry(sequence, item.Id, item.PayloadSha256, head.RootHash,
            ComputeEntryHash(sequence, item.Id, item.PayloadSha256, head.RootHash, recordedAt), recordedAt);
    }

    /// <summary>True when the entry's stored hash matches its fields.</summary>
    public static bool IsSelfConsistent(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            return string.Equals(entry.EntryHash,
                ComputeEntryHash(entry.Sequence, entry.ItemId, entry.PayloadSha256, entry.PreviousHash, entry.RecordedAt), StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            // A malformed field cannot have been written by the store: it was changed afterwards.
            return false;
        }
    }

    /// <summary>Verifies the chain of a list of entries (in the order given) against an optional recorded head.</summary>
    public static LedgerVerification Verify(IEnumerable<LedgerEntry> entries, LedgerHead? head = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var verifier = new LedgerVerifier(head);
        foreach (var entry in entries)
        {
            verifier.Add(entry);
        }

        return verifier.Complete();
    }
}

/// <summary>
/// Checks ledger entries one at a time, in sequence order, keeping only the previous entry: memory stays flat for a
/// ledger of any length. Problems found elsewhere (an item's blobs) are added with <see cref="Report"/>, from any thread.
/// </summary>
public sealed class LedgerVerifier(LedgerHead? head = null)
{
    private readonly List<LedgerProblem> _problems = [];
    private readonly Lock _lock = new();
    private LedgerEntry? _previous;
    private long _count;

    public void Add(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var expected = (_previous?.Sequence ?? 0) + 1;
        if (entry.Sequence < expected)
        {
            // Not linked into the chain, so the next entry is still compared with the last in-order one.
            Report(new LedgerProblem(entry.Sequence, entry.ItemId, LedgerProblemKind.BrokenLink,
                $"Entry {entry.Sequence} appears after entry {expected - 1}: out of order or duplicated."));
            _count++;
            return;
        }

        if (entry.Sequence > expected)
        {
            Report(new LedgerProblem(expected, null, LedgerProblemKind.Gap,
                entry.Sequence == expected + 1 ? $"Entry {expected} is missing." : $"Entries {expected}-{entry.Sequence - 1} are missing."));
        }

        var previousHash = _previous?.EntryHash ?? LedgerChain.GenesisHash;
        if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            Report(new LedgerProblem(entry.Sequence, entry.ItemId, LedgerProblemKind.BrokenLink,
                $"Entry {entry.Sequence} links to {entry.PreviousHash}, but the entry before it hashes to {previousHash}."));
        }

        if (!LedgerChain.IsSelfConsistent(entry))
        {
            Report(new LedgerProblem(entry.Sequence, entry.ItemId, LedgerProblemKind.Altered,
                $"Entry {entry.Sequence} does not hash to its recorded hash {entry.EntryHash}."));
        }

        _previous = entry;
        _count++;
    }

    /// <summary>Whether a problem at <paramref name="sequence"/> or later is known already (so a later check need not repeat it).</summary>
    public bool HasProblemAtOrAfter(long sequence)
    {
        lock (_lock)
        {
            return _problems.Any(p => p.Sequence >= sequence);
        }
    }

    public void Report(LedgerProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        lock (_lock)
        {
            _problems.Add(problem);
        }
    }

    /// <summary>The result; the recorded head (if given) must name the last entry seen.</summary>
    public LedgerVerification Complete()
    {
        var lastSequence = _previous?.Sequence ?? 0;
        var rootHash = _previous?.EntryHash ?? LedgerChain.GenesisHash;
        if (head is not null)
        {
            if (head.Sequence > lastSequence)
            {
                Report(new LedgerProblem(lastSequence + 1, null, LedgerProblemKind.Gap,
                    $"The ledger ends at entry {lastSequence} but its head records entry {head.Sequence}."));
            }
            else if (head.Sequence == lastSequence && !string.Equals(head.RootHash, rootHash, StringComparison.Ordinal))
            {
                Report(new LedgerProblem(lastSequence, _previous?.ItemId, LedgerProblemKind.BrokenLink,
                    $"The head records root hash {head.RootHash} but the last entry hashes to {rootHash}."));
            }
            else if (head.Sequence < lastSequence)
            {
                Report(new LedgerProblem(head.Sequence + 1, null, LedgerProblemKind.BrokenLink,
                    $"The ledger has entries after the recorded head {head.Sequence}."));
            }
        }

        LedgerProblem[] problems;
        lock (_lock)
        {
            problems = [.. _problems.OrderBy(p => p.Sequence).ThenBy(p => p.Problem)];
        }

        return new LedgerVerification(problems.Length == 0, _count, rootHash, problems.Length == 0 ? null : problems[0].Sequence, problems);
    }
}
