using System.Text.Json;
using Aims.Core.Evidence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Drives.Item.Items.Item.CreateUploadSession;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace Aims.Infrastructure.Evidence.Mirror;

/// <summary>
/// Mirrors evidence into a SharePoint document library through Microsoft Graph (application permission Sites.Selected,
/// write granted on the one site). Per item two files: the payload and a JSON sidecar with the envelope metadata. Up to
/// 4 MB a simple <c>PUT /drives/{drive}/items/root:/{path}:/content</c>, above that an upload session in ranged PUTs.
/// Every upload says <c>@microsoft.graph.conflictBehavior=fail</c>: the content address is in the file name, so an
/// existing file (409 nameAlreadyExists) is this very item from an earlier attempt, and counts as success.
/// Throttling (429 with Retry-After) and 503/504 are retried by the SDK's retry handler first.
/// </summary>
public sealed class SharePointEvidenceMirror(SharePointGraph sharePoint, IOptions<SharePointMirrorOptions> options, ILogger<SharePointEvidenceMirror> logger) : IEvidenceMirror
{
    private readonly GraphServiceClient graph = sharePoint.Client;
    private const string ConflictFail = "@microsoft.graph.conflictBehavior=fail";
    private static readonly JsonSerializerOptions SidecarJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly SharePointMirrorOptions _options = options.Value;

    public string Mode => "SharePoint";

    public bool IsEnabled => true;

    public async Task<MirroredFile> MirrorAsync(EvidenceItem item, Stream payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(payload);
        var path = MirrorFileNames.PayloadPath(_options.Folder, item);
        try
        {
            var file = item.PayloadSize <= SharePointMirrorOptions.SimpleUploadLimit
                ? await PutSmallAsync(path, payload, cancellationToken)
                : await PutLargeAsync(path, payload, cancellationToken);

            // The sidecar goes second: a copy with metadata always has its payload next to it.
            using var sidecar = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(Sidecar.From(item, file), SidecarJson));
            await PutSmallAsync(MirrorFileNames.SidecarPath(path), sidecar, cancellationToken);
            logger.LogInformation("Evidence {ItemId} mirrored to {Path}{Existing}", item.Id, path, file.AlreadyExisted ? " (already there)" : string.Empty);
            return file;
        }
        catch (Exception ex) when (ex is not EvidenceMirrorException && !cancellationToken.IsCancellationRequested)
        {
            throw new EvidenceMirrorException($"SharePoint refused or failed the copy of {item.Id} to {path}: {Describe(ex)}", ex);
        }
    }

    private async Task<MirroredFile> PutSmallAsync(string path, Stream content, CancellationToken ct)
    {
        try
        {
            var url = ItemUrl(path) + ":/content?" + ConflictFail;
            var created = await graph.Drives[_options.DriveId].Items["root"].Content.WithUrl(url).PutAsync(content, cancellationToken: ct);
            return new MirroredFile(path, created?.Id, created?.WebUrl, AlreadyExisted: false);
        }
        catch (ODataError ex) when (IsAlreadyThere(ex))
        {
            return await ExistingAsync(path, ct);
        }
    }

    private async Task<MirroredFile> PutLargeAsync(string path, Stream content, CancellationToken ct)
    {
        UploadSession? session;
        try
        {
            var body = new CreateUploadSessionPostRequestBody
            {
                Item = new DriveItemUploadableProperties { AdditionalData = new Dictionary<string, object> { ["@microsoft.graph.conflictBehavior"] = "fail" } },
            };
            session = await graph.Drives[_options.DriveId].Items["root"].CreateUploadSession.WithUrl(ItemUrl(path) + ":/createUploadSession").PostAsync(body, cancellationToken: ct);
        }
        catch (ODataError ex) when (IsAlreadyThere(ex))
        {
            return await ExistingAsync(path, ct);
        }

        if (session?.UploadUrl is null)
        {
            throw new EvidenceMirrorException($"Graph created no upload session for {path}.");
        }

        // The upload URL is pre-authenticated (tempauth): the slices go through the same middleware but with no Graph token.
        var upload = new LargeFileUploadTask<DriveItem>(session, content, _options.UploadSliceBytes, sharePoint.UploadAdapter);
        UploadResult<DriveItem> result;
        try
        {
            result = await upload.UploadAsync(cancellationToken: ct);
        }
        catch (ODataError ex) when (IsAlreadyThere(ex))
        {
            // Another instance finished the same item between the session and the last slice.
            return await ExistingAsync(path, ct);
        }

        if (!result.UploadSucceeded)
        {
            throw new EvidenceMirrorException($"The upload session of {path} ended without a file.");
        }

        return new MirroredFile(path, result.ItemResponse?.Id, result.ItemResponse?.WebUrl, AlreadyExisted: false);
    }

    /// <summary>The file an earlier attempt uploaded; its id and link are nice to have, so a failed look-up still counts as mirrored.</summary>
    private async Task<MirroredFile> ExistingAsync(string path, CancellationToken ct)
    {
        try
        {
            var existing = await graph.Drives[_options.DriveId].Items["root"].WithUrl(ItemUrl(path) + ":?$select=id,webUrl").GetAsync(cancellationToken: ct);
            return new MirroredFile(path, existing?.Id, existing?.WebUrl, AlreadyExisted: true);
        }
        catch (Exception ex) when (ex is ApiException or AggregateException or HttpRequestException)
        {
            logger.LogWarning("Evidence copy {Path} exists but could not be read back: {Reason}", path, Describe(ex));
            return new MirroredFile(path, null, null, AlreadyExisted: true);
        }
    }

    private string ItemUrl(string path)
    {
        var baseUrl = (graph.RequestAdapter.BaseUrl ?? "https://graph.microsoft.com/v1.0").TrimEnd('/');
        var escaped = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        return $"{baseUrl}/drives/{Uri.EscapeDataString(_options.DriveId!)}/items/root:/{escaped}";
    }

    private static bool IsAlreadyThere(ODataError ex) =>
        ex.ResponseStatusCode == 409 && string.Equals(ex.Error?.Code, "nameAlreadyExists", StringComparison.OrdinalIgnoreCase);

    private static string Describe(Exception ex) => ex switch
    {
        ODataError o => $"{o.ResponseStatusCode} {o.Error?.Code} {o.Error?.Message}".TrimEnd(),
        ApiException a => $"{a.ResponseStatusCode} {a.Message}",
        AggregateException g when g.InnerExceptions.Count > 0 => $"{g.InnerExceptions.Count} attempts, last: {Describe(g.InnerExceptions[^1])}",
        TaskCanceledException => "timed out",
        _ => ex.Message,
    };

    /// <summary>The sidecar: what the envelope says, so the copy can be checked without the store.</summary>
    private sealed record Sidecar(
        string Id, string Kind, string Subject, string ActorObjectId, string ActorName, string RecordedAt, IReadOnlyList<string> Clauses,
        IReadOnlyList<string> Controls, string? CorrelationId, string ContentType, string PayloadSha256, long PayloadSize, string Summary, string PayloadFile)
    {
        public static Sidecar From(EvidenceItem i, MirroredFile file) => new(
            i.Id, i.Kind.Value, i.Subject, i.Actor.ObjectId, i.Actor.DisplayName, EvidenceEnvelope.FormatTime(i.RecordedAt), i.Clauses, i.Controls,
            i.CorrelationId, i.ContentType, i.PayloadSha256, i.PayloadSize, i.Summary, file.Path[(file.Path.LastIndexOf('/') + 1)..]);
    }
}

/// <summary>
/// The mirror's Graph client and, over the same <see cref="HttpClient"/> and middleware, an adapter without authentication
/// for the pre-authenticated upload URLs of upload sessions (they must never receive the Graph token).
/// </summary>
public sealed record SharePointGraph(GraphServiceClient Client, IRequestAdapter UploadAdapter)
{
    internal static SharePointGraph Create(Microsoft.Kiota.Abstractions.Authentication.IAuthenticationProvider authentication, Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options.RetryHandlerOption? retry, HttpMessageHandler? finalHandler = null)
    {
        var http = Directory.GraphExtensions.CreateHttpClient(retry, finalHandler);
        return new SharePointGraph(new GraphServiceClient(http, authentication),
            new BaseGraphRequestAdapter(new Microsoft.Kiota.Abstractions.Authentication.AnonymousAuthenticationProvider(), httpClient: http));
    }
}

/// <summary>No mirror configured: nothing is copied and nothing is enqueued.</summary>
public sealed class DisabledEvidenceMirror : IEvidenceMirror
{
    public string Mode => "off";

    public bool IsEnabled => false;

    public Task<MirroredFile> MirrorAsync(EvidenceItem item, Stream payload, CancellationToken cancellationToken = default) =>
        throw new EvidenceMirrorException("No SharePoint mirror is configured (SharePoint:DriveId is empty).");
}
