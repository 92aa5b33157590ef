using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aims.Application.Evidence;
using Aims.Application.Work;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Infrastructure.Evidence;
using Aims.Infrastructure.Storage;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aims.Application.Tests.Evidence;

/// <summary>How recording evidence feeds the SharePoint mirror: one work item per recording, never a failed workflow.</summary>
public sealed class EvidenceMirrorWorkTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static NewEvidence Sample(string subject) => NewEvidence.FromJson(EvidenceKind.RiskDecision, subject, new Actor("oid-ada", "Ada Lovelace"),
        ["6.1.3"], ["A.6.2.6"], "corr-1", $"Decision on {subject}", new { decision = "accept" });

    [Fact]
    public async Task Recording_through_the_mirroring_store_enqueues_exactly_one_mirror_work_item()
    {
        await using var provider = await StorageHarness.CreateAsync(azurite.ConnectionString);
        var clients = provider.GetRequiredService<StorageClients>();
        // A queue of this test's own: the hosts of other test classes pump the real evidence-mirror queue.
        var queueName = "mirror-" + Guid.NewGuid().ToString("N")[..12];
        var queue = clients.Queues.GetQueueClient(queueName);
        await queue.CreateAsync();
        var store = new MirroringEvidenceStore(provider.GetRequiredService<IEvidenceStore>(), new WorkQueue(clients), NullLogger<MirroringEvidenceStore>.Instance, queueName);

        var item = await store.RecordAsync(Sample("risk:R-" + Guid.NewGuid().ToString("N")[..6]));

        var messages = (await queue.PeekMessagesAsync(maxMessages: 32)).Value;
        var message = Assert.Single(messages);
        using var work = JsonDocument.Parse(message.Body.ToString());
        Assert.Equal(item.Id, work.RootElement.GetProperty("itemId").GetString());
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task A_broken_queue_does_not_fail_recording()
    {
        await using var provider = await StorageHarness.CreateAsync(azurite.ConnectionString);
        var clients = provider.GetRequiredService<StorageClients>();
        var inner = provider.GetRequiredService<IEvidenceStore>();
        var missingQueue = "missing-" + Guid.NewGuid().ToString("N")[..12]; // never created: every enqueue fails (404)
        var store = new MirroringEvidenceStore(inner, new WorkQueue(clients), NullLogger<MirroringEvidenceStore>.Instance, missingQueue);

        var item = await store.RecordAsync(Sample("risk:R-" + Guid.NewGuid().ToString("N")[..6]));

        Assert.NotNull(await inner.GetAsync(item.Id));
        Assert.False((await clients.Queues.GetQueueClient(missingQueue).ExistsAsync()).Value);
    }

    [Fact]
    public async Task Without_SharePoint_the_store_is_not_decorated_and_health_says_mirror_off()
    {
        using var host = new DevHostFactory(azurite.ConnectionString);
        using var client = host.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/health/deep", UriKind.Relative));
        request.Headers.Add("X-Aims-User", "00000000-0000-0000-0000-0000000000020");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.IsType<BlobEvidenceStore>(host.Services.GetRequiredService<IEvidenceStore>());
        Assert.Equal("off", host.Services.GetRequiredService<IEvidenceMirror>().Mode);
        Assert.Equal("off", body.GetProperty("mirror").GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Number, body.GetProperty("mirror").GetProperty("notMirrored").ValueKind);
    }

    [Fact]
    public void With_a_SharePoint_drive_the_store_enqueues_and_health_names_the_mirror()
    {
        using var host = new DevHostFactory(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["SharePoint:SiteId"] = "contoso.sharepoint.com,1,2",
            ["SharePoint:DriveId"] = "b!drive",
        });

        Assert.IsType<MirroringEvidenceStore>(host.Services.GetRequiredService<IEvidenceStore>());
        Assert.Equal("SharePoint", host.Services.GetRequiredService<IEvidenceMirror>().Mode);
        Assert.Contains(host.Services.GetServices<IQueueHandler>(), h => h.QueueName == AimsQueues.EvidenceMirror);
    }

    [Fact]
    public async Task The_audit_pack_lists_items_that_failed_every_attempt()
    {
        await using var provider = await StorageHarness.CreateAsync(azurite.ConnectionString);
        var status = provider.GetRequiredService<IEvidenceMirrorStatus>();
        var itemId = EvidenceEnvelope.IdPrefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray()));
        await status.MarkFailedAsync(itemId, "503 serviceNotAvailable", 5, final: true);
        var section = new NotMirroredSection(status, provider.GetRequiredService<IEvidenceMirror>());

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await section.WriteAsync(new AuditPackWriter(zip), CancellationToken.None);
        }

        buffer.Position = 0;
        using var read = new ZipArchive(buffer, ZipArchiveMode.Read);
        using var reader = new StreamReader(read.GetEntry("mirror/not-mirrored.csv")!.Open(), Encoding.UTF8);
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(string.Join(',', NotMirroredSection.Header), lines[0]);
        Assert.Contains(lines, l => l.StartsWith($"{itemId},FailedFinal,5,503 serviceNotAvailable,", StringComparison.Ordinal));
        Assert.True(await status.CountNotMirroredAsync() >= 1);
    }
}
