using System.Net;
using Aims.Core.Evidence;
using Aims.Infrastructure.Evidence.Mirror;
using Aims.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aims.Infrastructure.Tests.Evidence;

/// <summary>The evidence-mirror work item end to end: store on Azurite, Graph recorded, status in its own table.</summary>
public sealed class EvidenceMirrorProcessorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<(EvidenceHarness Evidence, TableEvidenceMirrorStatus Status, EvidenceItem Item)> ArrangeAsync()
    {
        var evidence = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var table = "mirror" + Guid.NewGuid().ToString("N")[..12];
        await evidence.Clients.Tables.CreateTableIfNotExistsAsync(table);
        var item = await evidence.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-" + Guid.NewGuid().ToString("N")[..6]));
        return (evidence, new TableEvidenceMirrorStatus(evidence.Clients, TimeProvider.System, table), item);
    }

    private static EvidenceMirrorProcessor Processor(EvidenceHarness evidence, IEvidenceMirror mirror, IEvidenceMirrorStatus status) =>
        new(evidence.Store, mirror, status, NullLogger<EvidenceMirrorProcessor>.Instance);

    private static string Message(EvidenceItem item) => EvidenceMirrorProcessor.Serialize(new EvidenceMirrorWork(item.Id));

    [Fact]
    public async Task A_503_outage_throws_for_the_host_to_retry_and_the_status_shows_Failed_then_FailedFinal()
    {
        var (evidence, status, item) = await ArrangeAsync();
        var network = new RecordedSharePoint { Respond = (_, _) => RecordedSharePoint.Json("error-503.json", HttpStatusCode.ServiceUnavailable) };
        var processor = Processor(evidence, SharePointEvidenceMirrorTests.Mirror(network, SharePointEvidenceMirrorTests.NoWait), status);

        await Assert.ThrowsAsync<EvidenceMirrorException>(() => processor.ProcessAsync(Message(item), 1, isLastAttempt: false, CancellationToken.None));
        var afterFirst = await status.GetAsync(item.Id);
        await Assert.ThrowsAsync<EvidenceMirrorException>(() => processor.ProcessAsync(Message(item), 2, isLastAttempt: false, CancellationToken.None));
        var afterSecond = await status.GetAsync(item.Id);

        Assert.Equal(MirrorState.Failed, afterFirst?.State);
        Assert.Equal(1, afterFirst?.Attempts);
        Assert.Equal(MirrorState.Failed, afterSecond?.State);
        Assert.Equal(2, afterSecond?.Attempts);
        Assert.Contains("503", afterSecond?.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await status.CountNotMirroredAsync());

        // The fifth attempt: the host moves the message to evidence-mirror-poison, the status says so.
        await Assert.ThrowsAsync<EvidenceMirrorException>(() => processor.ProcessAsync(Message(item), 5, isLastAttempt: true, CancellationToken.None));

        var final = await status.GetAsync(item.Id);
        Assert.Equal(MirrorState.FailedFinal, final?.State);
        Assert.Equal(5, final?.Attempts);
        Assert.Equal(1, await status.CountNotMirroredAsync());
        var listed = new List<MirrorStatus>();
        await foreach (var s in status.ListNotMirroredAsync())
        {
            listed.Add(s);
        }

        Assert.Equal([item.Id], listed.Select(s => s.ItemId));
    }

    [Fact]
    public async Task A_mirrored_item_is_recorded_and_a_second_message_sends_nothing()
    {
        var (evidence, status, item) = await ArrangeAsync();
        var network = new RecordedSharePoint { Respond = (_, _) => RecordedSharePoint.Json("driveitem-small.json", HttpStatusCode.Created) };
        var processor = Processor(evidence, SharePointEvidenceMirrorTests.Mirror(network), status);

        await processor.ProcessAsync(Message(item), 1, isLastAttempt: false, CancellationToken.None);
        await processor.ProcessAsync(Message(item), 1, isLastAttempt: false, CancellationToken.None);

        var row = await status.GetAsync(item.Id);
        Assert.Equal(MirrorState.Mirrored, row?.State);
        Assert.Equal("01NKDM7HMOJTVYMDOSXFDK2QJDXCDI3WUK", row?.DriveItemId);
        Assert.Equal(2, network.Requests.Count); // payload and sidecar, once
        Assert.Equal(item.PayloadSize, network.Requests[0].Body.Length);
    }

    [Fact]
    public async Task Malformed_and_unknown_items_are_dropped_without_a_Graph_call()
    {
        var (evidence, status, _) = await ArrangeAsync();
        var network = new RecordedSharePoint { Respond = (_, _) => throw new InvalidOperationException("no call expected") };
        var processor = Processor(evidence, SharePointEvidenceMirrorTests.Mirror(network), status);

        await processor.ProcessAsync("not json", 1, isLastAttempt: false, CancellationToken.None);
        await processor.ProcessAsync("{\"itemId\":\"sha256:nothex\"}", 1, isLastAttempt: false, CancellationToken.None);
        await processor.ProcessAsync(EvidenceMirrorProcessor.Serialize(new EvidenceMirrorWork("sha256:" + new string('a', 64))), 1, isLastAttempt: false, CancellationToken.None);

        Assert.Empty(network.Requests);
    }
}
