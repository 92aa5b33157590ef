using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Aims.Core.Evidence;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Infrastructure.Evidence;

/// <summary>
/// Evidence in Azure Storage. Blobs, content-addressed and written only with If-None-Match: *:
/// <c>items/&lt;hex&gt;.json</c> holds the canonical envelope (hex = the item id) and <c>payloads/&lt;hex&gt;</c> the
/// payload (hex = its SHA-256, so equal payloads share one blob). The ledger (<see cref="TableLedger"/>) chains every
/// item once; the index (<see cref="TableEvidenceIndex"/>) serves listings.
/// Order of writes: blobs, then ledger, then the head checkpoint and the index. A crash at any point leaves nothing that points
/// at missing data, and recording the same evidence again (same content and recorded-at) completes whatever was left undone.
/// The head checkpoints (<c>ledger-heads/&lt;inverted sequence&gt;.json</c>, write-once in the WORM container) keep the
/// ledger's head outside the ledger table, so removing entries from its end and rolling the head back is noticed.
/// </summary>
public sealed class BlobEvidenceStore : IEvidenceStore
{
    internal const string EnvelopeContentType = "application/json";
    private readonly BlobContainerClient _container;
    private readonly TableLedger _ledger;
    private readonly TableEvidenceIndex _index;
    private readonly TimeProvider _time;
    private readonly ILogger<BlobEvidenceStore> _logger;
    private readonly int _verifyParallelism;

    public BlobEvidenceStore(StorageClients clients, IOptions<EvidenceOptions> options, TimeProvider time, ILogger<BlobEvidenceStore> logger)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        o.Validate();
        _container = clients.Blobs.GetBlobContainerClient(o.Container);
        _ledger = new TableLedger(clients.Tables.GetTableClient(o.LedgerTable), logger);
        _index = new TableEvidenceIndex(clients.Tables.GetTableClient(o.IndexTable));
        _time = time;
        _logger = logger;
        _verifyParallelism = o.VerifyParallelism;
    }

    public async Task<EvidenceItem> RecordAsync(NewEvidence evidence, CancellationToken cancellationToken = default)
    {
        // Validation happens here, before the first write, so bad input leaves the store untouched.
        var (item, envelope) = EvidenceEnvelope.Create(evidence, _time.GetUtcNow());
        var hash = EvidenceEnvelope.GetHash(item.Id);
        // Nothing points at either blob until the ledger names the item, so the two are written side by side; likewise the
        // checkpoint and the index rows, both of which only follow the ledger.
        await Task.WhenAll(
            WriteOnceAsync(PayloadBlob(item.PayloadSha256), BinaryData.FromBytes(evidence.Payload), evidence.ContentType, item.PayloadSha256, cancellationToken),
            WriteOnceAsync(EnvelopeBlob(hash), BinaryData.FromBytes(envelope), EnvelopeContentType, hash, cancellationToken));
        var append = await _ledger.AppendAsync(item, cancellationToken);
        await Task.WhenAll(CheckpointHeadAsync(append.Head, cancellationToken), _index.AddAsync(item, cancellationToken));
        _logger.LogInformation(append.Appended ? "Recorded evidence {ItemId} ({Kind}, {Subject})" : "Evidence {ItemId} ({Kind}, {Subject}) was already recorded",
            item.Id, item.Kind.Value, item.Subject);
        return item;
    }

    public async Task<EvidenceItem?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var hash = EvidenceEnvelope.GetHash(id);
        var bytes = await TryDownloadAsync(EnvelopeBlob(hash), cancellationToken);
        return bytes is null ? null : EvidenceEnvelope.Parse(id, bytes.ToMemory().Span);
    }

    public async Task<Stream?> OpenPayloadAsync(string id, CancellationToken cancellationToken = default)
    {
        var item = await GetAsync(id, cancellationToken);
        return item is null ? null : await OpenPayloadOfAsync(item, cancellationToken);
    }

    public async Task<Stream?> OpenPayloadOfAsync(EvidenceItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            var download = await PayloadBlob(item.PayloadSha256).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return new VerifyingReadStream(download.Value.Content, item.PayloadSha256, item.Id);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new EvidenceIntegrityException($"The payload of {item.Id} is missing.", ex);
        }
    }

    public async Task<EvidencePage> ListAsync(EvidenceQuery query, CancellationToken cancellationToken = default)
    {
        ValidateQuery(query);
        var (ids, continuation) = await _index.QueryAsync(query, cancellationToken);
        var items = await Task.WhenAll(ids.Select(async id =>
            await GetAsync(id, cancellationToken)
            ?? throw new EvidenceIntegrityException($"Evidence {id} is listed in the index but its envelope is missing.")));
        return new EvidencePage(items, continuation);
    }

    public async Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        // The head is read first and bounds the walk: entries appended meanwhile are not judged against an older head.
        var head = await _ledger.GetHeadAsync(cancellationToken);
        var verifier = new LedgerVerifier(head);
        await Parallel.ForEachAsync(
            Chain(verifier, head.Sequence, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = _verifyParallelism, CancellationToken = cancellationToken },
            async (entry, ct) => await CheckItemAsync(entry, verifier, ct));
        await CheckHeadIsLastAsync(head, verifier, cancellationToken);
        await CheckAgainstCheckpointAsync(head, verifier, cancellationToken);
        var result = verifier.Complete();
        if (!result.IsIntact)
        {
            _logger.LogWarning("Evidence ledger verification found {Count} problems, the first at entry {Sequence}", result.Problems.Count, result.FirstBrokenSequence);
        }

        return result;
    }

    public Task<LedgerHead> GetRootHashAsync(CancellationToken cancellationToken = default) => _ledger.GetHeadAsync(cancellationToken);

    public IAsyncEnumerable<LedgerEntry> ReadLedgerAsync(CancellationToken cancellationToken = default) => _ledger.ReadAsync(1, null, cancellationToken);

    /// <summary>Feeds entries through the chain check in order (Parallel.ForEachAsync enumerates one at a time) and on to the blob checks.</summary>
    private async IAsyncEnumerable<LedgerEntry> Chain(LedgerVerifier verifier, long upTo, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (upTo == 0)
        {
            yield break;
        }

        await foreach (var entry in _ledger.ReadAsync(1, upTo, cancellationToken))
        {
            verifier.Add(entry);
            yield return entry;
        }
    }

    /// <summary>
    /// Entries beyond the head are normal while others append, but if the head has not moved and an entry follows it,
    /// the head was deleted or rolled back; walking only up to it would otherwise call a gutted ledger intact.
    /// </summary>
    private async Task CheckHeadIsLastAsync(LedgerHead head, LedgerVerifier verifier, CancellationToken cancellationToken)
    {
        if (await _ledger.HasEntryAsync(head.Sequence + 1, cancellationToken)
            && (await _ledger.GetHeadAsync(cancellationToken)).Sequence <= head.Sequence)
        {
            verifier.Report(new LedgerProblem(head.Sequence + 1, null, LedgerProblemKind.BrokenLink,
                head.Sequence == 0 ? "The ledger has entries but no head." : $"The ledger has entries after its head, entry {head.Sequence}."));
        }
    }

    internal const string HeadCheckpointPrefix = "ledger-heads/";

    /// <summary>Newest first in a listing: the name counts down as the sequence grows.</summary>
    internal static string HeadCheckpointName(long sequence) =>
        HeadCheckpointPrefix + (long.MaxValue - sequence).ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + ".json";

    /// <summary>The checkpoint of a head, as stored.</summary>
    internal static BinaryData HeadCheckpointContent(LedgerHead head) => BinaryData.FromObjectAsJson(new HeadCheckpoint(head.Sequence, head.RootHash), CheckpointJson);

    /// <summary>Every item of one ledger transaction checkpoints the same head: the first write wins, the others find it there.</summary>
    private async Task CheckpointHeadAsync(LedgerHead head, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(HeadCheckpointName(head.Sequence));
        try
        {
            await blob.UploadAsync(HeadCheckpointContent(head), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = EnvelopeContentType },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // This head was checkpointed already (a retry, or another writer).
        }
    }

    /// <summary>
    /// The newest checkpointed head must still be in the ledger, with the same hash: a ledger cut short, or rewritten behind a
    /// checkpoint, fails here even when its own chain and head agree.
    /// </summary>
    private async Task CheckAgainstCheckpointAsync(LedgerHead head, LedgerVerifier verifier, CancellationToken cancellationToken)
    {
        HeadCheckpoint? checkpoint = null;
        await foreach (var page in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, HeadCheckpointPrefix, cancellationToken).AsPages(pageSizeHint: 1))
        {
            if (page.Values.FirstOrDefault() is { } newest)
            {
                var bytes = await TryDownloadAsync(_container.GetBlobClient(newest.Name), cancellationToken);
                checkpoint = bytes?.ToObjectFromJson<HeadCheckpoint>(CheckpointJson);
            }

            break;
        }

        // Nothing to add where the walk already found the damage (a deleted or altered row at or after the checkpoint).
        if (checkpoint is null || verifier.HasProblemAtOrAfter(Math.Min(checkpoint.Sequence, head.Sequence + 1)))
        {
            return;
        }

        if (checkpoint.Sequence > head.Sequence && (await _ledger.GetHeadAsync(cancellationToken)).Sequence < checkpoint.Sequence)
        {
            verifier.Report(new LedgerProblem(checkpoint.Sequence, null, LedgerProblemKind.Truncated,
                $"The ledger ends at entry {head.Sequence}, but its head was checkpointed at entry {checkpoint.Sequence} ({checkpoint.RootHash}): entries were removed from its end."));
            return;
        }

        LedgerEntry? anchored = null;
        await foreach (var entry in _ledger.ReadAsync(checkpoint.Sequence, checkpoint.Sequence, cancellationToken))
        {
            anchored = entry;
        }

        // A missing entry at or below the head is a gap the chain check reports; a different one is a rewrite.
        if (anchored is not null && !string.Equals(anchored.EntryHash, checkpoint.RootHash, StringComparison.Ordinal))
        {
            verifier.Report(new LedgerProblem(checkpoint.Sequence, anchored.ItemId, LedgerProblemKind.Altered,
                $"Entry {checkpoint.Sequence} does not match the head checkpointed for it ({checkpoint.RootHash})."));
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions CheckpointJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>The checkpoint as stored: <c>{"sequence":N,"rootHash":"hex"}</c>.</summary>
    private sealed record HeadCheckpoint(long Sequence, string RootHash);

    private async Task CheckItemAsync(LedgerEntry entry, LedgerVerifier verifier, CancellationToken cancellationToken)
    {
        var hash = EvidenceEnvelope.TryGetHash(entry.ItemId);
        if (hash is null)
        {
            return; // A malformed item id already fails the entry's own hash check.
        }

        var envelope = await TryDownloadAsync(EnvelopeBlob(hash), cancellationToken);
        if (envelope is null)
        {
            verifier.Report(new LedgerProblem(entry.Sequence, entry.ItemId, LedgerProblemKind.Missing, "The item's envelope blob is missing."));
        }
        else
        {
            try
            {
                var item = EvidenceEnvelope.Parse(entry.ItemId, envelope.ToMemory().Span);
                if (item.PayloadSha256 != entry.PayloadSha256 || item.RecordedAt != entry.RecordedAt)
                {
                    verifier.Report(new LedgerProblem(entry.Sequence, entry.ItemId, LedgerProblemKind.Altered, "The ledger entry and the item's envelope disagree."));
                }
            }
            catch (EvidenceIntegrityException ex)
            {
                verifier.Report(new LedgerProblem(entry.Sequence, entry.ItemId, LedgerProblemKind.Altered, ex.Message));
            }
        }

        if (!EvidenceEnvelope.IsSha256Hex(entry.PayloadSha256))
        {
            return;
        }

        var payloadHash = await TryHashAsync(PayloadBlob(entry.PayloadSha256), cancellationToken);
        if (payloadHash is null)
        {
            verifier.Report(new LedgerProblem(entry.Sequence, entry.ItemId, LedgerProblemKind.Missing, "The item's payload blob is missing."));
        }
        else if (payloadHash != entry.PayloadSha256)
        {
            verifier.Report(new LedgerProblem(entry.Sequence, entry.ItemId, LedgerProblemKind.Altered, $"The payload hashes to {payloadHash}, not {entry.PayloadSha256}."));
        }
    }

    /// <summary>
    /// Creates a content-addressed blob. If it already exists that is success (idempotent), provided its bytes still
    /// hash to the address; a different blob there means someone wrote into the store behind its back.
    /// </summary>
    private async Task WriteOnceAsync(BlobClient blob, BinaryData content, string contentType, string expectedSha256, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(content, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            var actual = await TryHashAsync(blob, cancellationToken);
            if (actual != expectedSha256)
            {
                throw new EvidenceIntegrityException($"Blob {blob.Name} exists but hashes to {actual ?? "nothing"}: evidence storage was tampered with.", ex);
            }
        }
    }

    private static async Task<BinaryData?> TryDownloadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>SHA-256 of a blob, streamed so large payloads are never held in memory; null when it does not exist.</summary>
    private static async Task<string?> TryHashAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using var content = download.Value.Content;
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static void ValidateQuery(EvidenceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > EvidenceQuery.MaxPageSize)
        {
            throw new ArgumentException($"Page size must be 1-{EvidenceQuery.MaxPageSize}.", nameof(query));
        }

        if (query.Clause is not null && !EvidenceEnvelope.IsReference(query.Clause) || query.Control is not null && !EvidenceEnvelope.IsReference(query.Control))
        {
            throw new ArgumentException("Clause and control ids are letters, digits and dots (6.1.3, A.6.2.6).", nameof(query));
        }

        if (query.Subject is { Length: 0 } || query.Kind is { Value: null })
        {
            throw new ArgumentException("An empty subject or kind filters nothing; leave it null instead.", nameof(query));
        }

        if (query.From >= query.To)
        {
            throw new ArgumentException("From must be before To.", nameof(query));
        }
    }

    private BlobClient EnvelopeBlob(string hash) => _container.GetBlobClient(EnvelopeBlobName(hash));

    private BlobClient PayloadBlob(string sha256) => _container.GetBlobClient(PayloadBlobName(sha256));

    internal static string EnvelopeBlobName(string hash) => $"items/{hash}.json";

    internal static string PayloadBlobName(string sha256) => $"payloads/{sha256}";
}
