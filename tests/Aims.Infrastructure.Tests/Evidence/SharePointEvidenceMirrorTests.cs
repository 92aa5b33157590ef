using System.Net;
using System.Text;
using System.Text.Json;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Infrastructure.Evidence.Mirror;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aims.Infrastructure.Tests.Evidence;

/// <summary>
/// <see cref="SharePointEvidenceMirror"/> over a real GraphServiceClient and the SDK's default middleware; only the network
/// is replaced by recorded Graph (and SharePoint upload URL) responses. The assertions are on the requests really sent.
/// </summary>
public sealed class SharePointEvidenceMirrorTests
{
    internal const string DriveId = "b!kR3xQ9mZ0UeY7n1aTq4vW2p8sL6cD5fG";
    internal const string DrivePath = "/v1.0/drives/b%21kR3xQ9mZ0UeY7n1aTq4vW2p8sL6cD5fG/items/root:/AIMS%20evidence";
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Ada = new("oid-ada", "Ada Lovelace");

    internal static EvidenceItem SmallItem(out byte[] payload)
    {
        payload = Encoding.UTF8.GetBytes("{\"decision\":\"accept\"}");
        return EvidenceEnvelope.Create(new NewEvidence(EvidenceKind.RiskDecision, "risk:R-12", Ada, ["8.2", "6.1.3"], ["A.6.2.6"], "corr-1",
            "Decision on risk:R-12", payload, NewEvidence.JsonContentType, T0), T0).Item;
    }

    internal static SharePointEvidenceMirror Mirror(RecordedSharePoint network, IDictionary<string, string?>? graphSettings = null) =>
        new(network.CreateClient(graphSettings), Options.Create(new SharePointMirrorOptions { SiteId = "contoso.sharepoint.com,1,2", DriveId = DriveId }),
            NullLogger<SharePointEvidenceMirror>.Instance);

    [Fact]
    public async Task A_small_item_is_one_PUT_to_the_clause_folder_that_fails_on_conflict_then_its_sidecar()
    {
        var item = SmallItem(out var payload);
        var hash = EvidenceEnvelope.GetHash(item.Id)[..16];
        var network = new RecordedSharePoint { Respond = (_, _) => RecordedSharePoint.Json("driveitem-small.json", HttpStatusCode.Created) };

        var file = await Mirror(network).MirrorAsync(item, new MemoryStream(payload));

        var requests = network.Requests;
        Assert.Equal(2, requests.Count);
        var put = requests[0];
        Assert.Equal(HttpMethod.Put, put.Method);
        Assert.Equal("graph.microsoft.com", put.Uri.Host);
        // First clause in the store's (ordinal) order is the folder: 6.1.3, not 8.2. ':' of the subject is stripped.
        Assert.Equal($"{DrivePath}/6.1.3/risk-decision-riskR-12-{hash}.json:/content", put.Path);
        Assert.Equal("fail", put.Query("@microsoft.graph.conflictBehavior"));
        Assert.Equal(payload, put.Body);
        Assert.Equal($"Bearer {RecordedSharePoint.Token}", put.Header("Authorization"));

        var sidecar = requests[1];
        Assert.Equal(HttpMethod.Put, sidecar.Method);
        Assert.Equal($"{DrivePath}/6.1.3/risk-decision-riskR-12-{hash}.json.meta.json:/content", sidecar.Path);
        Assert.Equal("fail", sidecar.Query("@microsoft.graph.conflictBehavior"));
        using var meta = JsonDocument.Parse(sidecar.Body);
        Assert.Equal(item.Id, meta.RootElement.GetProperty("id").GetString());
        Assert.Equal(item.PayloadSha256, meta.RootElement.GetProperty("payloadSha256").GetString());
        Assert.Equal(["6.1.3", "8.2"], meta.RootElement.GetProperty("clauses").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal($"risk-decision-riskR-12-{hash}.json", meta.RootElement.GetProperty("payloadFile").GetString());

        Assert.False(file.AlreadyExisted);
        Assert.Equal("01NKDM7HMOJTVYMDOSXFDK2QJDXCDI3WUK", file.DriveItemId);
        Assert.StartsWith("https://contoso.sharepoint.com/sites/AIMS-Evidence/", file.WebUrl, StringComparison.Ordinal);
        Assert.Equal($"AIMS evidence/6.1.3/risk-decision-riskR-12-{hash}.json", file.Path);
    }

    [Fact]
    public async Task A_large_item_goes_through_an_upload_session_in_ranged_PUTs_without_the_Graph_token()
    {
        var payload = new byte[6 * 1024 * 1024];
        new Random(42).NextBytes(payload);
        var item = EvidenceEnvelope.Create(new NewEvidence(EvidenceKind.UploadedDocument, "policy.pdf", Ada, ["5.2"], [], null, "AI policy v3",
            payload, "application/pdf", T0), T0).Item;
        var hash = EvidenceEnvelope.GetHash(item.Id)[..16];
        var uploadUrl = RecordedSharePoint.UploadUrl();
        var network = new RecordedSharePoint
        {
            Respond = (r, _) => r.Uri.Host == "contoso.sharepoint.com"
                ? r.Header("Content-Range")!.StartsWith("bytes 0-", StringComparison.Ordinal)
                    ? RecordedSharePoint.Json("upload-slice-accepted.json", HttpStatusCode.Accepted)
                    : RecordedSharePoint.Json("driveitem-large.json", HttpStatusCode.Created)
                : r.Path.EndsWith(":/createUploadSession", StringComparison.Ordinal)
                    ? RecordedSharePoint.Json("upload-session.json")
                    : RecordedSharePoint.Json("driveitem-small.json", HttpStatusCode.Created),
        };

        var file = await Mirror(network).MirrorAsync(item, new MemoryStream(payload));

        var requests = network.Requests;
        Assert.Equal(4, requests.Count);
        var session = requests[0];
        Assert.Equal(HttpMethod.Post, session.Method);
        Assert.Equal($"{DrivePath}/5.2/uploaded-document-policy.pdf-{hash}.pdf:/createUploadSession", session.Path);
        Assert.Equal($"Bearer {RecordedSharePoint.Token}", session.Header("Authorization"));
        using (var body = JsonDocument.Parse(session.Body))
        {
            Assert.Equal("fail", body.RootElement.GetProperty("item").GetProperty("@microsoft.graph.conflictBehavior").GetString());
        }

        var first = requests[1];
        var second = requests[2];
        Assert.All([first, second], r =>
        {
            Assert.Equal(HttpMethod.Put, r.Method);
            Assert.Equal(uploadUrl, r.Uri.AbsoluteUri);
            Assert.Null(r.Header("Authorization")); // the upload URL is pre-authenticated; the Graph token must not go there
        });
        Assert.Equal("bytes 0-5242879/6291456", first.Header("Content-Range"));
        Assert.Equal("5242880", first.Header("Content-Length"));
        Assert.Equal("bytes 5242880-6291455/6291456", second.Header("Content-Range"));
        Assert.Equal("1048576", second.Header("Content-Length"));
        Assert.Equal(payload, first.Body.Concat(second.Body).ToArray());

        Assert.Equal($"{DrivePath}/5.2/uploaded-document-policy.pdf-{hash}.pdf.meta.json:/content", requests[3].Path);
        Assert.Equal("01NKDM7HLXJ6QKZ4B3V7E2R5T8Y1U9I0OP", file.DriveItemId);
        Assert.False(file.AlreadyExisted);
    }

    [Fact]
    public async Task A_file_that_already_exists_409_nameAlreadyExists_counts_as_mirrored()
    {
        var item = SmallItem(out var payload);
        var network = new RecordedSharePoint
        {
            Respond = (r, _) => r.Method == HttpMethod.Put
                ? RecordedSharePoint.Json("error-409-name-exists.json", HttpStatusCode.Conflict)
                : RecordedSharePoint.Json("driveitem-small.json"),
        };

        var file = await Mirror(network).MirrorAsync(item, new MemoryStream(payload));

        Assert.True(file.AlreadyExisted);
        Assert.Equal("01NKDM7HMOJTVYMDOSXFDK2QJDXCDI3WUK", file.DriveItemId);
        var requests = network.Requests;
        Assert.Equal([HttpMethod.Put, HttpMethod.Get, HttpMethod.Put, HttpMethod.Get], requests.Select(r => r.Method));
        Assert.EndsWith(".json:", requests[1].Path, StringComparison.Ordinal);
        Assert.Equal("id,webUrl", requests[1].Query("$select"));
        Assert.EndsWith(".meta.json:", requests[3].Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_429_with_Retry_After_is_retried_by_the_SDK_and_succeeds()
    {
        var item = SmallItem(out var payload);
        var network = new RecordedSharePoint
        {
            Respond = (_, index) =>
            {
                if (index > 0)
                {
                    return RecordedSharePoint.Json("driveitem-small.json", HttpStatusCode.Created);
                }

                var throttled = RecordedSharePoint.Json("error-429.json", HttpStatusCode.TooManyRequests);
                throttled.Headers.Add("Retry-After", "1");
                return throttled;
            },
        };

        var file = await Mirror(network).MirrorAsync(item, new MemoryStream(payload)); // production retry settings

        Assert.False(file.AlreadyExisted);
        var requests = network.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal(requests[0].Uri, requests[1].Uri);
        Assert.Equal("1", requests[1].Header("Retry-Attempt"));
        Assert.Equal(payload, requests[1].Body); // the retried PUT carries the whole payload again
        Assert.Equal($"Bearer {RecordedSharePoint.Token}", requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task A_lasting_outage_503_becomes_EvidenceMirrorException_after_the_SDK_retries()
    {
        var item = SmallItem(out var payload);
        var network = new RecordedSharePoint { Respond = (_, _) => RecordedSharePoint.Json("error-503.json", HttpStatusCode.ServiceUnavailable) };

        var ex = await Assert.ThrowsAsync<EvidenceMirrorException>(() => Mirror(network, NoWait).MirrorAsync(item, new MemoryStream(payload)));

        Assert.Contains("503", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, network.Requests.Count); // the first attempt and two retries
    }

    internal static readonly Dictionary<string, string?> NoWait = new()
    {
        ["Directory:Graph:MaxRetries"] = "2",
        ["Directory:Graph:RetryDelaySeconds"] = "0",
    };
}
