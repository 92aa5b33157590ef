using System.Text;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Testing;

namespace Aims.Infrastructure.Tests.Evidence;

public sealed class BlobEvidenceStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_recorded_item_reads_back_with_its_metadata_and_payload()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var evidence = EvidenceHarness.Sample(clauses: ["8.2", "6.1.3"], controls: ["A.6.2.6", "A.5.2"]);

        var recorded = await h.Store.RecordAsync(evidence);
        var read = await h.Store.GetAsync(recorded.Id);
        await using var payload = await h.Store.OpenPayloadAsync(recorded.Id);
        using var bytes = new MemoryStream();
        await payload!.CopyToAsync(bytes);

        Assert.StartsWith("sha256:", recorded.Id, StringComparison.Ordinal);
        Assert.NotNull(read);
        Assert.Equal(recorded.Id, read.Id);
        Assert.Equal(EvidenceKind.RiskDecision, read.Kind);
        Assert.Equal("risk:R-12", read.Subject);
        Assert.Equal(EvidenceHarness.Ada, read.Actor);
        Assert.Equal(EvidenceHarness.T0, read.RecordedAt);
        Assert.Equal(["6.1.3", "8.2"], read.Clauses);
        Assert.Equal(["A.5.2", "A.6.2.6"], read.Controls);
        Assert.Equal("corr-1", read.CorrelationId);
        Assert.Equal(NewEvidence.JsonContentType, read.ContentType);
        Assert.Equal(evidence.Payload.Length, read.PayloadSize);
        Assert.Equal("Decision on risk:R-12", read.Summary);
        Assert.Equal(evidence.Payload.ToArray(), bytes.ToArray());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.ToArray())), read.PayloadSha256);
        var entry = Assert.Single(await h.ReadLedgerAsync());
        Assert.Equal((1L, recorded.Id, recorded.PayloadSha256, LedgerChain.GenesisHash), (entry.Sequence, entry.ItemId, entry.PayloadSha256, entry.PreviousHash));
        Assert.Equal(new LedgerHead(1, entry.EntryHash), await h.Store.GetRootHashAsync());
    }

    [Fact]
    public async Task Recording_identical_content_again_returns_the_same_item_and_adds_no_ledger_entry()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var first = await h.Store.RecordAsync(EvidenceHarness.Sample());
        var head = await h.Store.GetRootHashAsync();

        var again = await h.Store.RecordAsync(EvidenceHarness.Sample());
        var later = await h.Store.RecordAsync(EvidenceHarness.Sample(at: EvidenceHarness.T0.AddSeconds(1)));

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, later.Id);
        Assert.Equal(2, (await h.Store.GetRootHashAsync()).Sequence);
        Assert.Equal([first.Id, later.Id], (await h.ReadLedgerAsync()).Select(e => e.ItemId));
        Assert.Equal(head.RootHash, (await h.ReadLedgerAsync())[0].EntryHash);
        // Both items share one payload blob: same bytes, same address.
        Assert.Single(await h.BlobNamesAsync(), n => n.StartsWith("payloads/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_identical_records_make_exactly_one_ledger_entry()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);

        var items = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => h.Store.RecordAsync(EvidenceHarness.Sample()))));

        Assert.Single(items.Select(i => i.Id).Distinct());
        Assert.Single(await h.ReadLedgerAsync());
        Assert.True((await h.Store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Fifty_concurrent_writers_build_one_unbroken_chain_with_every_item_once()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);

        var items = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => h.Store.RecordAsync(EvidenceHarness.Sample(subject: $"risk:R-{i}", at: EvidenceHarness.T0.AddMinutes(i))))));
        var ledger = await h.ReadLedgerAsync();
        var verification = await h.Store.VerifyAsync();

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), ledger.Select(e => e.Sequence));
        Assert.Equal(items.Select(i => i.Id).Order(StringComparer.Ordinal), ledger.Select(e => e.ItemId).Order(StringComparer.Ordinal));
        Assert.Equal(LedgerChain.GenesisHash, ledger[0].PreviousHash);
        Assert.All(ledger.Skip(1), (e, i) => Assert.Equal(ledger[i].EntryHash, e.PreviousHash));
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.Detail)));
        Assert.Equal(50, verification.EntryCount);
        Assert.Equal(ledger[^1].EntryHash, verification.RootHash);
        Assert.Equal(new LedgerHead(50, ledger[^1].EntryHash), await h.Store.GetRootHashAsync());
    }

    [Fact]
    public async Task Bursts_in_two_instances_beyond_one_transaction_build_one_unbroken_chain()
    {
        // Two stores on the same storage stand for two instances: each commits its own waiting appends together (more than
        // fit in one transaction), and the two race each other for the head.
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var other = new Aims.Infrastructure.Evidence.BlobEvidenceStore(h.Clients, Microsoft.Extensions.Options.Options.Create(h.Options), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Aims.Infrastructure.Evidence.BlobEvidenceStore>.Instance);
        const int count = 150;

        var items = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            Task.Run(() => (i % 3 == 0 ? other : h.Store).RecordAsync(EvidenceHarness.Sample(subject: $"risk:R-{i % 120}", at: EvidenceHarness.T0.AddMinutes(i % 120))))));
        var ledger = await h.ReadLedgerAsync();
        var verification = await other.VerifyAsync();

        // 30 of the records repeat one of the first 120 (same subject and time): each item is in the ledger once.
        Assert.Equal(120, items.Select(i => i.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), ledger.Select(e => e.Sequence));
        Assert.Equal(items.Select(i => i.Id).Distinct().Order(StringComparer.Ordinal), ledger.Select(e => e.ItemId).Order(StringComparer.Ordinal));
        Assert.All(ledger.Skip(1), (e, i) => Assert.Equal(ledger[i].EntryHash, e.PreviousHash));
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.Detail)));
        Assert.Equal(new LedgerHead(120, ledger[^1].EntryHash), await h.Store.GetRootHashAsync());
    }

    [Fact]
    public async Task An_empty_store_verifies_as_intact_with_the_genesis_root()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);

        var verification = await h.Store.VerifyAsync();

        Assert.True(verification.IsIntact);
        Assert.Equal(0, verification.EntryCount);
        Assert.Equal(LedgerChain.GenesisHash, verification.RootHash);
        Assert.Equal(LedgerChain.EmptyHead, await h.Store.GetRootHashAsync());
    }

    [Fact]
    public async Task Unknown_ids_read_as_nothing_and_malformed_ids_are_refused()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var unknown = "sha256:" + new string('e', 64);

        Assert.Null(await h.Store.GetAsync(unknown));
        Assert.Null(await h.Store.OpenPayloadAsync(unknown));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Store.GetAsync("items/../secret"));
    }

    [Fact]
    public async Task Bad_input_is_refused_before_anything_is_written_and_loses_nothing()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var kept = await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-1"));
        await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-2"));
        var head = await h.Store.GetRootHashAsync();
        var blobs = await h.BlobNamesAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => h.Store.RecordAsync(EvidenceHarness.Sample(subject: "", payload: "new bytes")));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Store.RecordAsync(EvidenceHarness.Sample(payload: "other bytes") with { Kind = default }));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Store.RecordAsync(EvidenceHarness.Sample(clauses: ["6/1"], payload: "more bytes")));

        Assert.Equal(head, await h.Store.GetRootHashAsync());
        Assert.Equal(blobs, await h.BlobNamesAsync());
        var read = await h.Store.GetAsync(kept.Id);
        Assert.Equal(kept, read! with { Clauses = kept.Clauses, Controls = kept.Controls });
        var verification = await h.Store.VerifyAsync();
        Assert.True(verification.IsIntact);
        Assert.Equal(2, verification.EntryCount);
    }

    [Fact]
    public async Task A_foreign_blob_at_a_content_address_is_reported_as_tampering_not_accepted()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var evidence = EvidenceHarness.Sample();
        var payloadSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(evidence.Payload.Span));
        await h.Container.GetBlobClient($"payloads/{payloadSha}").UploadAsync(BinaryData.FromString("planted"));

        await Assert.ThrowsAsync<EvidenceIntegrityException>(() => h.Store.RecordAsync(evidence));

        Assert.Equal(LedgerChain.EmptyHead, await h.Store.GetRootHashAsync());
    }

    [Fact]
    public async Task An_overwritten_payload_is_reported_as_altered_for_that_item_only()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var items = new List<EvidenceItem>();
        for (var i = 0; i < 4; i++)
        {
            items.Add(await h.Store.RecordAsync(EvidenceHarness.Sample(subject: $"risk:R-{i}", payload: $"{{\"n\":{i}}}")));
        }

        var victim = items[2];
        await h.Container.GetBlobClient($"payloads/{victim.PayloadSha256}").UploadAsync(BinaryData.FromString("{\"n\":999}"), overwrite: true);
        var verification = await h.Store.VerifyAsync();

        Assert.False(verification.IsIntact);
        Assert.Equal(3, verification.FirstBrokenSequence);
        var problem = Assert.Single(verification.Problems);
        Assert.Equal((3L, victim.Id, LedgerProblemKind.Altered), (problem.Sequence, problem.ItemId, problem.Problem));
        // Reading the altered payload fails at its end rather than handing out changed evidence.
        await using var stream = await h.Store.OpenPayloadAsync(victim.Id);
        await Assert.ThrowsAsync<EvidenceIntegrityException>(() => stream!.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task A_deleted_envelope_is_reported_as_missing()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var first = await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-1"));
        await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-2"));

        await h.Container.GetBlobClient($"items/{first.Id["sha256:".Length..]}.json").DeleteAsync();
        var verification = await h.Store.VerifyAsync();

        var problem = Assert.Single(verification.Problems);
        Assert.Equal((1L, first.Id, LedgerProblemKind.Missing), (problem.Sequence, problem.ItemId, problem.Problem));
        Assert.Null(await h.Store.GetAsync(first.Id));
    }

    [Fact]
    public async Task A_deleted_ledger_row_is_reported_as_a_gap_at_its_sequence()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        for (var i = 0; i < 5; i++)
        {
            await h.Store.RecordAsync(EvidenceHarness.Sample(subject: $"risk:R-{i}"));
        }

        await h.Ledger.DeleteEntityAsync("ledger", "00000000000000000003");
        var verification = await h.Store.VerifyAsync();

        Assert.False(verification.IsIntact);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Equal(4, verification.EntryCount);
        Assert.Equal(
            [(3L, LedgerProblemKind.Gap), (4L, LedgerProblemKind.BrokenLink)],
            verification.Problems.Select(p => (p.Sequence, p.Problem)));
    }

    [Fact]
    public async Task A_deleted_last_ledger_row_is_caught_by_the_head()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        for (var i = 0; i < 3; i++)
        {
            await h.Store.RecordAsync(EvidenceHarness.Sample(subject: $"risk:R-{i}"));
        }

        await h.Ledger.DeleteEntityAsync("ledger", "00000000000000000003");
        var verification = await h.Store.VerifyAsync();

        var problem = Assert.Single(verification.Problems);
        Assert.Equal((3L, LedgerProblemKind.Gap), (problem.Sequence, problem.Problem));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_deleted_or_rolled_back_head_is_reported(bool rollBack)
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        for (var i = 0; i < 3; i++)
        {
            await h.Store.RecordAsync(EvidenceHarness.Sample(subject: $"risk:R-{i}"));
        }

        var second = (await h.ReadLedgerAsync())[1];
        if (rollBack)
        {
            await h.Ledger.UpsertEntityAsync(
                new Azure.Data.Tables.TableEntity("ledger", "head") { ["Sequence"] = 2L, ["RootHash"] = second.EntryHash },
                Azure.Data.Tables.TableUpdateMode.Replace);
        }
        else
        {
            await h.Ledger.DeleteEntityAsync("ledger", "head");
        }

        var verification = await h.Store.VerifyAsync();

        Assert.False(verification.IsIntact);
        var problem = Assert.Single(verification.Problems);
        Assert.Equal((rollBack ? 3L : 1L, LedgerProblemKind.BrokenLink), (problem.Sequence, problem.Problem));
    }

    [Fact]
    public async Task Removing_the_last_entry_and_rolling_the_head_back_is_caught_by_the_head_checkpoint()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        for (var i = 0; i < 3; i++)
        {
            await h.Store.RecordAsync(EvidenceHarness.Sample(subject: $"risk:R-{i}"));
        }

        // A writer of the ledger table erases the last decision: its entry goes and the head points at the one before.
        var entries = await h.ReadLedgerAsync();
        await h.Ledger.DeleteEntityAsync("ledger", "00000000000000000003");
        await h.Ledger.UpsertEntityAsync(
            new Azure.Data.Tables.TableEntity("ledger", "head") { ["Sequence"] = 2L, ["RootHash"] = entries[1].EntryHash },
            Azure.Data.Tables.TableUpdateMode.Replace);

        var verification = await h.Store.VerifyAsync();

        Assert.False(verification.IsIntact);
        var problem = Assert.Single(verification.Problems);
        Assert.Equal((3L, LedgerProblemKind.Truncated), (problem.Sequence, problem.Problem));
        Assert.Contains(entries[2].EntryHash, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_head_is_checkpointed_once_in_the_evidence_container_newest_first()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var item = await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-1"));
        await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-2"));
        await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-1")); // the same content again: no new entry, no new checkpoint

        var names = new List<string>();
        await foreach (var blob in h.Container.GetBlobsAsync(prefix: "ledger-heads/"))
        {
            names.Add(blob.Name);
        }

        Assert.Equal(["ledger-heads/9223372036854775805.json", "ledger-heads/9223372036854775806.json"], names);
        var newest = (await h.Container.GetBlobClient(names[0]).DownloadContentAsync()).Value.Content.ToObjectFromJson<System.Text.Json.JsonElement>();
        Assert.Equal(2, newest.GetProperty("sequence").GetInt64());
        Assert.Equal((await h.Store.GetRootHashAsync()).RootHash, newest.GetProperty("rootHash").GetString());
        Assert.NotNull(item);
    }

    [Fact]
    public async Task An_edited_ledger_row_is_reported_as_altered()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-1"));
        var second = await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-2"));
        await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-3"));

        var row = (await h.Ledger.GetEntityAsync<Azure.Data.Tables.TableEntity>("ledger", "00000000000000000002")).Value;
        row["RecordedAt"] = "2020-01-01T00:00:00.0000000Z";
        await h.Ledger.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
        var verification = await h.Store.VerifyAsync();

        Assert.Equal(2, verification.FirstBrokenSequence);
        Assert.All(verification.Problems, p => Assert.Equal((2L, second.Id, LedgerProblemKind.Altered), (p.Sequence, p.ItemId, p.Problem)));
    }

    [Fact]
    public async Task Ledger_entries_stream_in_sequence_order_and_match_the_chain()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var recorded = new List<EvidenceItem>();
        for (var i = 0; i < 3; i++)
        {
            recorded.Add(await h.Store.RecordAsync(EvidenceHarness.Sample(subject: $"doc:{i}", kind: EvidenceKind.UploadedDocument, payload: new string('x', i + 1))));
        }

        var ledger = await h.ReadLedgerAsync();

        Assert.Equal(recorded.Select(r => r.Id), ledger.Select(e => e.ItemId));
        Assert.True(LedgerChain.Verify(ledger, await h.Store.GetRootHashAsync()).IsIntact);
        Assert.All(ledger.Zip(recorded), pair => Assert.Equal(pair.Second.PayloadSha256, pair.First.PayloadSha256));
        Assert.Equal("xx", Encoding.UTF8.GetString((await ReadAllAsync(h, recorded[1].Id)).ToArray()));
    }

    private static async Task<MemoryStream> ReadAllAsync(EvidenceHarness h, string id)
    {
        await using var stream = await h.Store.OpenPayloadAsync(id);
        var copy = new MemoryStream();
        await stream!.CopyToAsync(copy);
        return copy;
    }
}
