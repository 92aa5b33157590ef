using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Aims.Infrastructure.Directory;
using Microsoft.Extensions.Configuration;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Aims.Infrastructure.Tests.Directory;

/// <summary>A request as it left the SDK's middleware pipeline.</summary>
internal sealed record SeenRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body = null)
{
    public string Path => Uri.AbsolutePath;

    public string? Query(string name) => System.Web.HttpUtility.ParseQueryString(Uri.Query)[name];

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// The network under a real <see cref="GraphServiceClient"/>: answers recorded Graph responses and records every request
/// that reaches it, after the SDK's default handlers (retry, redirect, parameter decoding, telemetry) ran.
/// </summary>
internal sealed class RecordedGraph : HttpMessageHandler
{
    public const string Token = "test-token-7f3a";
    private static readonly string RecordedDirectory = System.IO.Path.Combine(AppContext.BaseDirectory, "Directory", "Recorded");
    private readonly ConcurrentQueue<SeenRequest> _seen = new();

    /// <summary>Given the request and how many requests came before it, the response.</summary>
    public required Func<SeenRequest, int, HttpResponseMessage> Respond { get; init; }

    public IReadOnlyList<SeenRequest> Requests => [.. _seen];

    /// <summary>A Graph client over this handler, with production's retry settings unless <paramref name="settings"/> say otherwise.</summary>
    public GraphServiceClient CreateClient(IDictionary<string, string?>? settings = null)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build().GetSection("Directory:Graph");
        RetryHandlerOption retry = GraphExtensions.RetryFrom(section);
        return GraphExtensions.CreateGraphClient(new BaseBearerTokenAuthenticationProvider(new FixedToken()), retry, this);
    }

    public static HttpResponseMessage Json(string recordedFile, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = File.ReadAllText(System.IO.Path.Combine(RecordedDirectory, recordedFile));
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        response.Headers.Add("request-id", Guid.NewGuid().ToString());
        return response;
    }

    /// <summary>The @odata.nextLink of a recorded page.</summary>
    public static string NextLink(string recordedFile)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(RecordedDirectory, recordedFile)));
        return doc.RootElement.GetProperty("@odata.nextLink").GetString()!;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var seen = new SeenRequest(request.Method, request.RequestUri!, headers, body);
        var index = _seen.Count;
        _seen.Enqueue(seen);
        var response = Respond(seen, index);
        response.RequestMessage = request;
        return response;
    }

    private sealed class FixedToken : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(["graph.microsoft.com"]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(Token);
    }
}
