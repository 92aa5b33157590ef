using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Aims.Infrastructure.Directory;
using Aims.Infrastructure.Evidence.Mirror;
using Microsoft.Extensions.Configuration;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Aims.Infrastructure.Tests.Evidence;

/// <summary>An upload as it left the SDK's middleware: method, URL, headers (content headers included) and body bytes.</summary>
internal sealed record SentRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Path => Uri.AbsolutePath;

    public string? Query(string name) => System.Web.HttpUtility.ParseQueryString(Uri.Query)[name];

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// The network under a real <see cref="GraphServiceClient"/> for drive uploads: answers recorded Graph and SharePoint
/// responses and keeps every request with its body, after the SDK's default handlers (retry, redirect, ...) ran.
/// </summary>
internal sealed class RecordedSharePoint : HttpMessageHandler
{
    public const string Token = "test-token-5c1d";
    private static readonly string RecordedDirectory = System.IO.Path.Combine(AppContext.BaseDirectory, "Evidence", "Recorded");
    private readonly ConcurrentQueue<SentRequest> _sent = new();

    public required Func<SentRequest, int, HttpResponseMessage> Respond { get; init; }

    public IReadOnlyList<SentRequest> Requests => [.. _sent];

    /// <summary>The mirror's Graph clients over this handler, with production's retry settings unless <paramref name="settings"/> say otherwise.</summary>
    public SharePointGraph CreateClient(IDictionary<string, string?>? settings = null)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build().GetSection("Directory:Graph");
        return SharePointGraph.Create(new BaseBearerTokenAuthenticationProvider(new FixedToken()), GraphExtensions.RetryFrom(section), this);
    }

    public static HttpResponseMessage Json(string recordedFile, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = File.ReadAllText(System.IO.Path.Combine(RecordedDirectory, recordedFile));
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        response.Headers.Add("request-id", Guid.NewGuid().ToString());
        return response;
    }

    public static string UploadUrl()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(RecordedDirectory, "upload-session.json")));
        return doc.RootElement.GetProperty("uploadUrl").GetString()!;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        byte[] body = [];
        if (request.Content is not null)
        {
            foreach (var h in request.Content.Headers)
            {
                headers[h.Key] = string.Join(",", h.Value);
            }

            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var sent = new SentRequest(request.Method, request.RequestUri!, headers, body);
        var index = _sent.Count;
        _sent.Enqueue(sent);
        var response = Respond(sent, index);
        response.RequestMessage = request;
        return response;
    }

    /// <summary>Hands its token to any host, so a test sees it wherever the code would send one.</summary>
    private sealed class FixedToken : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(["graph.microsoft.com"]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(Token);
    }
}
