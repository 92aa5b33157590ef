using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aims.Teams.Protocol;
using Microsoft.Extensions.Logging;

namespace Aims.Teams.Connector;

/// <summary>
/// Bot Connector REST API v3 over a typed <see cref="HttpClient"/> whose handlers (see <see cref="ConnectorExtensions"/>)
/// retry, time out and rate-limit every call. The token is attached only for trusted service URLs.
/// </summary>
public sealed class ConnectorClient : IConnectorClient
{
    public const string HttpClientName = "Aims.Teams.BotConnector";

    /// <summary>Tells the rate-limiting handler which conversation (Teams thread) a request belongs to.</summary>
    internal static readonly HttpRequestOptionsKey<string> ConversationIdOption = new("Aims.Teams.ConversationId");

    /// <summary>Counts the attempts the resilience pipeline made for one call, for the failure log.</summary>
    internal static readonly HttpRequestOptionsKey<AttemptCounter> AttemptCounterOption = new("Aims.Teams.Attempts");

    private readonly HttpClient _httpClient;
    private readonly BotTokenProvider _tokenProvider;
    private readonly ITrustedServiceUrls _trustedServiceUrls;
    private readonly ILogger<ConnectorClient> _logger;

    public ConnectorClient(HttpClient httpClient, BotTokenProvider tokenProvider, ITrustedServiceUrls trustedServiceUrls, ILogger<ConnectorClient> logger)
    {
        _httpClient = httpClient;
        _tokenProvider = tokenProvider;
        _trustedServiceUrls = trustedServiceUrls;
        _logger = logger;
    }

    public Task<ResourceResponse> SendToConversationAsync(Uri serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentNullException.ThrowIfNull(activity);
        return SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, ActivitiesPath(conversationId), conversationId, activity, cancellationToken)!;
    }

    public Task<ResourceResponse> ReplyToActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        return SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, ActivityPath(conversationId, activityId), conversationId, activity, cancellationToken)!;
    }

    public Task<ResourceResponse> UpdateActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        return SendAsync<ResourceResponse>(HttpMethod.Put, serviceUrl, ActivityPath(conversationId, activityId), conversationId, activity, cancellationToken)!;
    }

    public async Task DeleteActivityAsync(Uri serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        await SendAsync<JsonElement?>(HttpMethod.Delete, serviceUrl, ActivityPath(conversationId, activityId), conversationId, body: null, cancellationToken).ConfigureAwait(false);
    }

    public Task<ConversationResourceResponse> CreateConversationAsync(Uri serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return SendAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, "v3/conversations", conversationId: null, parameters, cancellationToken)!;
    }

    public Task<ChannelAccount?> GetMemberAsync(Uri serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/members/{Uri.EscapeDataString(memberId)}";
        return SendAsync<ChannelAccount>(HttpMethod.Get, serviceUrl, path, conversationId, body: null, cancellationToken, notFoundIsNull: true);
    }

    public async Task<IReadOnlyList<ChannelAccount>> GetMembersAsync(Uri serviceUrl, string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/members";
        return await SendAsync<List<ChannelAccount>>(HttpMethod.Get, serviceUrl, path, conversationId, body: null, cancellationToken, notFoundIsNull: true) ?? [];
    }

    // Teams conversation ids contain ':', '@' and ';', and activity ids may too: each is one escaped path segment.
    private static string ActivitiesPath(string conversationId) => $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";

    private static string ActivityPath(string conversationId, string activityId) => $"{ActivitiesPath(conversationId)}/{Uri.EscapeDataString(activityId)}";

    internal static Uri BuildUri(Uri serviceUrl, string relativePath)
    {
        // The service URL may carry a path (https://smba.trafficmanager.net/emea/) and may or may not end with '/'.
        var baseUrl = serviceUrl.GetLeftPart(UriPartial.Path);
        return new Uri(baseUrl.EndsWith('/') ? baseUrl + relativePath : baseUrl + "/" + relativePath, UriKind.Absolute);
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, Uri serviceUrl, string relativePath, string? conversationId, object? body, CancellationToken cancellationToken, bool notFoundIsNull = false)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        if (!serviceUrl.IsAbsoluteUri || !_trustedServiceUrls.IsTrusted(serviceUrl))
        {
            _logger.LogWarning("Refusing Bot Connector call to untrusted service URL host {ServiceUrlHost} (conversation {ConversationId})",
                serviceUrl.IsAbsoluteUri ? serviceUrl.Host : serviceUrl.OriginalString, conversationId);
            throw new ConnectorException("The service URL is not trusted; no request was sent.", null);
        }

        string? token;
        try
        {
            token = await _tokenProvider.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Could not obtain a Bot Connector token (service URL host {ServiceUrlHost})", serviceUrl.Host);
            throw new ConnectorException("Could not obtain a token for the Bot Connector service.", null, ex);
        }

        using var request = new HttpRequestMessage(method, BuildUri(serviceUrl, relativePath));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ProtocolJson.Options);
        }

        if (conversationId is not null)
        {
            request.Options.Set(ConversationIdOption, conversationId);
        }

        var attempts = new AttemptCounter();
        request.Options.Set(AttemptCounterOption, attempts);

        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (ex is ConnectorException)
            {
                throw;
            }

            _logger.LogError(ex, "Bot Connector {Method} to host {ServiceUrlHost} failed for conversation {ConversationId} after {Attempts} attempt(s)",
                method, serviceUrl.Host, conversationId, attempts.Value);
            throw new ConnectorException($"The Bot Connector call failed after {attempts.Value} attempt(s): {ex.Message}", null, ex);
        }

        using (response)
        {
            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
            {
                return default;
            }

            if (!response.IsSuccessStatusCode)
            {
                var message = await ReadErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
                _logger.LogError("Bot Connector {Method} to host {ServiceUrlHost} failed for conversation {ConversationId}: status {StatusCode} after {Attempts} attempt(s): {ErrorMessage}",
                    method, serviceUrl.Host, conversationId, (int)response.StatusCode, attempts.Value, message);
                throw new ConnectorException(
                    $"The Bot Connector returned {(int)response.StatusCode} ({response.StatusCode}) after {attempts.Value} attempt(s){(message is null ? "." : ": " + message)}",
                    (int)response.StatusCode);
            }

            return await ReadBodyAsync<T>(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<T?> ReadBodyAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            // Some channels answer 200/201/202 with no body; a result object with no id is still a success.
            return typeof(T) == typeof(JsonElement?) ? default : JsonSerializer.Deserialize<T>("{}", ProtocolJson.Options);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, ProtocolJson.Options);
        }
        catch (JsonException ex)
        {
            throw new ConnectorException("The Bot Connector returned a body that is not the expected JSON.", (int)response.StatusCode, ex);
        }
    }

    /// <summary>The <c>error.message</c> of a Bot Connector ErrorResponse, if the body is one.</summary>
    private static async Task<string?> ReadErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                    ? message.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal sealed class AttemptCounter
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
