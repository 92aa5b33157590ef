using Aims.Core.Evidence;
using Aims.Core.Identity;

namespace Aims.Core.Tests.Evidence;

public sealed class LedgerChainTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);

    [Fact]
    public void Entry_hash_matches_the_documented_encoding()
    {
        // Independently computed: printf 'aims-ledger-v1\n1\nsha256:a…a\nb…b\n0…0\n2025-01-02T03:04:05.0000000Z' | sha256sum
        var hash = LedgerChain.ComputeEntryHash(1, "sha256:" + A, B, LedgerChain.GenesisHash, T0);

        Assert.Equal("237319eb34dbfb050be0650bff44b930d4b144e55c9d9c688888ab1fc5e1d3ae", hash);
    }

    [Fact]
    public void Entry_hash_is_the_same_for_the_same_instant_in_any_offset()
    {
        var utc = LedgerChain.ComputeEntryHash(7, "sha256:" + A, B, LedgerChain.GenesisHash, T0);
        var local = LedgerChain.ComputeEntryHash(7, "sha256:" + A, B, LedgerChain.GenesisHash, T0.ToOffset(TimeSpan.FromHours(5.5)));

        Assert.Equal(utc, local);
    }

    [Fact]
    public void Every_field_changes_the_entry_hash()
    {
        var baseline = LedgerChain.ComputeEntryHash(7, "sha256:" + A, B, LedgerChain.GenesisHash, T0);
        string[] variants =
        [
            LedgerChain.ComputeEntryHash(8, "sha256:" + A, B, LedgerChain.GenesisHash, T0),
            LedgerChain.ComputeEntryHash(7, "sha256:" + B, B, LedgerChain.GenesisHash, T0),
            LedgerChain.ComputeEntryHash(7, "sha256:" + A, A, LedgerChain.GenesisHash, T0),
            LedgerChain.ComputeEntryHash(7, "sha256:" + A, B, A, T0),
            LedgerChain.ComputeEntryHash(7, "sha256:" + A, B, LedgerChain.GenesisHash, T0.AddTicks(1)),
        ];

        Assert.All(variants, v => Assert.NotEqual(baseline, v));
        Assert.Equal(variants.Length, variants.Distinct().Count());
    }

    [Fact]
    public void Malformed_fields_are_refused()
    {
        Assert.Throws<ArgumentException>(() => LedgerChain.ComputeEntryHash(1, A, B, LedgerChain.GenesisHash, T0));
        Assert.Throws<ArgumentException>(() => LedgerChain.ComputeEntryHash(1, "sha256:" + A, "B\nX", LedgerChain.GenesisHash, T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerChain.ComputeEntryHash(0, "sha256:" + A, B, LedgerChain.GenesisHash, T0));
    }

    [Fact]
    public void Next_links_each_entry_to_the_previous_hash_starting_from_genesis()
    {
        var entries = Chain(3);

        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Sequence));
        Assert.Equal(LedgerChain.GenesisHash, entries[0].PreviousHash);
        Assert.Equal(entries[0].EntryHash, entries[1].PreviousHash);
        Assert.Equal(entries[1].EntryHash, entries[2].PreviousHash);
        Assert.All(entries, e => Assert.True(LedgerChain.IsSelfConsistent(e)));
    }

    [Fact]
    public void An_intact_chain_verifies_with_its_root_hash()
    {
        var entries = Chain(5);

        var result = LedgerChain.Verify(entries, new LedgerHead(5, entries[^1].EntryHash));

        Assert.True(result.IsIntact);
        Assert.Equal(5, result.EntryCount);
        Assert.Equal(entries[^1].EntryHash, result.RootHash);
        Assert.Null(result.FirstBrokenSequence);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void An_empty_ledger_is_intact_with_the_genesis_root()
    {
        var result = LedgerChain.Verify([], LedgerChain.EmptyHead);

        Assert.True(result.IsIntact);
        Assert.Equal(0, result.EntryCount);
        Assert.Equal(LedgerChain.GenesisHash, result.RootHash);
    }

    [Fact]
    public void An_altered_entry_is_reported_at_its_sequence()
    {
        var entries = Chain(5);
        entries[2] = entries[2] with { ItemId = "sha256:" + A };

        var result = LedgerChain.Verify(entries);

        Assert.False(result.IsIntact);
        Assert.Equal(3, result.FirstBrokenSequence);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((3L, LedgerProblemKind.Altered), (problem.Sequence, problem.Problem));
    }

    [Fact]
    public void An_altered_entry_with_a_recomputed_hash_breaks_the_next_link()
    {
        var entries = Chain(5);
        var forged = entries[2] with { ItemId = "sha256:" + A };
        entries[2] = forged with { EntryHash = LedgerChain.ComputeEntryHash(3, forged.ItemId, forged.PayloadSha256, forged.PreviousHash, forged.RecordedAt) };

        var result = LedgerChain.Verify(entries);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((4L, LedgerProblemKind.BrokenLink), (problem.Sequence, problem.Problem));
    }

    [Fact]
    public void A_missing_entry_is_a_gap_and_a_broken_link()
    {
        var entries = Chain(5);
        entries.RemoveAt(1);

        var result = LedgerChain.Verify(entries);

        Assert.Equal(2, result.FirstBrokenSequence);
        Assert.Equal(4, result.EntryCount);
        Assert.Equal(
            [(2L, LedgerProblemKind.Gap), (3L, LedgerProblemKind.BrokenLink)],
            result.Problems.Select(p => (p.Sequence, p.Problem)));
    }

    [Fact]
    public void Reordered_entries_are_reported()
    {
        var entries = Chain(4);
        (entries[1], entries[2]) = (entries[2], entries[1]);

        var result = LedgerChain.Verify(entries);

        Assert.False(result.IsIntact);
        Assert.Equal(2, result.FirstBrokenSequence);
        Assert.Contains(result.Problems, p => p is { Sequence: 2, Problem: LedgerProblemKind.BrokenLink });
        Assert.Contains(result.Problems, p => p is { Sequence: 3, Problem: LedgerProblemKind.BrokenLink });
    }

    [Fact]
    public void A_truncated_tail_is_caught_by_the_head()
    {
        var entries = Chain(5);

        var result = LedgerChain.Verify(entries.Take(3), new LedgerHead(5, entries[^1].EntryHash));

        var problem = Assert.Single(result.Problems);
        Assert.Equal((4L, LedgerProblemKind.Gap), (problem.Sequence, problem.Problem));
    }

    [Fact]
    public void A_head_with_another_root_hash_is_reported()
    {
        var entries = Chain(3);

        var result = LedgerChain.Verify(entries, new LedgerHead(3, A));

        var problem = Assert.Single(result.Problems);
        Assert.Equal((3L, LedgerProblemKind.BrokenLink), (problem.Sequence, problem.Problem));
    }

    [Fact]
    public void Problems_reported_from_outside_the_chain_count_and_sort_by_sequence()
    {
        var entries = Chain(3);
        var verifier = new LedgerVerifier();
        foreach (var entry in entries)
        {
            verifier.Add(entry);
        }

        verifier.Report(new LedgerProblem(3, entries[2].ItemId, LedgerProblemKind.Missing, "payload gone"));
        verifier.Report(new LedgerProblem(1, entries[0].ItemId, LedgerProblemKind.Altered, "payload changed"));
        var result = verifier.Complete();

        Assert.False(result.IsIntact);
        Assert.Equal(1, result.FirstBrokenSequence);
        Assert.Equal([1L, 3L], result.Problems.Select(p => p.Sequence));
    }

    private static List<LedgerEntry> Chain(int count)
    {
        var head = LedgerChain.EmptyHead;
        var entries = new List<LedgerEntry>();
        for (var i = 0; i < count; i++)
        {
            var (item, _) = EvidenceEnvelope.Create(
                new NewEvidence(EvidenceKind.Other, $"test:{i}", new Actor("oid-1", "Ada"), ["7.5.3"], [], null, $"item {i}", new byte[] { (byte)i }, "application/octet-stream"),
                T0.AddMinutes(i));
            var entry = LedgerChain.Next(head, item);
            entries.Add(entry);
            head = new LedgerHead(entry.Sequence, entry.EntryHash);
        }

        return entries;
    }
}
