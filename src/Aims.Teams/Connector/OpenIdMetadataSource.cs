using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.Configuration;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Aims.Teams.Connector;

/// <summary>
/// One OpenID metadata endpoint (Bot Framework or Entra): a cached <see cref="ConfigurationManager{T}"/>, the channel
/// endorsements of its signing keys, and the "refresh once when an unknown kid arrives, at most once per interval" rule.
/// </summary>
internal sealed class OpenIdMetadataSource : IConfigurationEventHandler<OpenIdConnectConfiguration>
{
    /// <summary>How long a request with an unknown kid waits for the forced refresh before it is judged on the keys it has.</summary>
    internal static readonly TimeSpan RefreshWait = TimeSpan.FromSeconds(10);

    private readonly ConfigurationManager<OpenIdConnectConfiguration> _manager;
    private readonly EndorsementRetriever _retriever = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _refreshInterval;
    private readonly Lock _gate = new();
    private DateTimeOffset _lastForcedRefresh = DateTimeOffset.MinValue;
    private Task<OpenIdConnectConfiguration>? _forcedRefresh;
    private TaskCompletionSource _updated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _fetchesStarted;
    private long _fetchesCompleted;

    public OpenIdMetadataSource(string metadataAddress, IDocumentRetriever documentRetriever, TimeSpan refreshInterval, TimeProvider timeProvider)
    {
        MetadataAddress = metadataAddress;
        _timeProvider = timeProvider;
        _refreshInterval = refreshInterval;
        _manager = new ConfigurationManager<OpenIdConnectConfiguration>(metadataAddress, _retriever, documentRetriever)
        {
            // The manager enforces its own floor of one second; our gate below is the one that counts.
            RefreshInterval = refreshInterval < ConfigurationManager<OpenIdConnectConfiguration>.MinimumRefreshInterval
                ? ConfigurationManager<OpenIdConnectConfiguration>.MinimumRefreshInterval
                : refreshInterval,
            ConfigurationEventHandler = this,
        };
    }

    public string MetadataAddress { get; }

    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancellationToken) =>
        _manager.GetConfigurationAsync(cancellationToken);

    /// <summary>
    /// Forces one metadata refresh if none was forced within the refresh interval (callers arriving while one runs share it).
    /// Returns null when the interval forbids a refresh.
    /// </summary>
    public Task<OpenIdConnectConfiguration>? TryForceRefreshAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_forcedRefresh is { IsCompleted: false } running)
            {
                return running.WaitAsync(cancellationToken);
            }

            var now = _timeProvider.GetUtcNow();
            if (_lastForcedRefresh != DateTimeOffset.MinValue && now - _lastForcedRefresh < _refreshInterval)
            {
                return null;
            }

            _lastForcedRefresh = now;
            _forcedRefresh = ForceRefreshAsync();
            return _forcedRefresh.WaitAsync(cancellationToken);
        }
    }

    private async Task<OpenIdConnectConfiguration> ForceRefreshAsync()
    {
        // IdentityModel 8 refreshes in the background after RequestRefresh; wait until a fetch that started after this request
        // has updated the configuration, so the request that saw the new kid can be accepted, not just the ones after it. Waiting
        // for "any update" is not enough: a slow earlier fetch can finish after the request and would be taken for the refresh.
        var wanted = Interlocked.Read(ref _fetchesStarted) + 1;
        _manager.RequestRefresh();
        var deadline = _timeProvider.GetUtcNow() + RefreshWait;
        while (true)
        {
            var signal = Volatile.Read(ref _updated).Task;
            if (Interlocked.Read(ref _fetchesCompleted) >= wanted)
            {
                break;
            }

            var left = deadline - _timeProvider.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                break; // The manager declined or the fetch failed; judge the token on the keys we have.
            }

            try
            {
                await signal.WaitAsync(left, _timeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                break;
            }
        }

        return await _manager.GetConfigurationAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public IReadOnlyList<string>? GetEndorsements(OpenIdConnectConfiguration configuration, string keyId) =>
        _retriever.GetEndorsements(configuration, keyId);

    Task<ConfigurationEventHandlerResult<OpenIdConnectConfiguration>> IConfigurationEventHandler<OpenIdConnectConfiguration>.BeforeRetrieveAsync(
        string metadataAddress, CancellationToken cancellationToken)
    {
        // The manager fetches one at a time, so the update that follows belongs to the fetch counted here.
        Interlocked.Increment(ref _fetchesStarted);
        return Task.FromResult(ConfigurationEventHandlerResult<OpenIdConnectConfiguration>.NoResult);
    }

    Task IConfigurationEventHandler<OpenIdConnectConfiguration>.AfterUpdateAsync(
        string metadataAddress, OpenIdConnectConfiguration configuration, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _fetchesCompleted, Interlocked.Read(ref _fetchesStarted));
        Interlocked.Exchange(ref _updated, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Parses metadata with the standard retriever and keeps the JWKS document it fetched, to read each key's
    /// <c>endorsements</c> array: that member is Bot Framework specific, and JsonWebKey only keeps it as loosely typed
    /// <see cref="Microsoft.IdentityModel.Tokens.JsonWebKey.AdditionalData"/>, so the raw JSON is the dependable source.
    /// </summary>
    private sealed class EndorsementRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        private readonly ConditionalWeakTable<OpenIdConnectConfiguration, IReadOnlyDictionary<string, IReadOnlyList<string>>> _endorsements = [];

        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var recording = new RecordingDocumentRetriever(retriever);
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(address, recording, cancel).ConfigureAwait(false);
            var endorsements = configuration.JwksUri is { } jwksUri && recording.Documents.TryGetValue(jwksUri, out var jwks)
                ? ParseEndorsements(jwks)
                : new Dictionary<string, IReadOnlyList<string>>();
            _endorsements.AddOrUpdate(configuration, endorsements);
            return configuration;
        }

        public IReadOnlyList<string>? GetEndorsements(OpenIdConnectConfiguration configuration, string keyId) =>
            _endorsements.TryGetValue(configuration, out var map) && map.TryGetValue(keyId, out var list) ? list : null;

        private static Dictionary<string, IReadOnlyList<string>> ParseEndorsements(string jwks)
        {
            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            using var document = JsonDocument.Parse(jwks);
            if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                return result;
            }

            foreach (var key in keys.EnumerateArray())
            {
                if (key.ValueKind != JsonValueKind.Object
                    || !key.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String
                    || kid.GetString() is not { Length: > 0 } keyId)
                {
                    continue;
                }

                var channels = new List<string>();
                if (key.TryGetProperty("endorsements", out var endorsements) && endorsements.ValueKind == JsonValueKind.Array)
                {
                    foreach (var channel in endorsements.EnumerateArray())
                    {
                        if (channel.ValueKind == JsonValueKind.String && channel.GetString() is { Length: > 0 } value)
                        {
                            channels.Add(value);
                        }
                    }
                }

                result[keyId] = channels;
            }

            return result;
        }
    }

    private sealed class RecordingDocumentRetriever(IDocumentRetriever inner) : IDocumentRetriever
    {
        public ConcurrentDictionary<string, string> Documents { get; } = new(StringComparer.Ordinal);

        public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
        {
            var document = await inner.GetDocumentAsync(address, cancel).ConfigureAwait(false);
            Documents[address] = document;
            return document;
        }
    }
}

/// <summary>Fetches metadata documents with a client from <see cref="IHttpClientFactory"/>, so handler lifetimes and DNS changes are respected.</summary>
internal sealed class HttpClientFactoryDocumentRetriever(IHttpClientFactory httpClientFactory, string clientName, bool requireHttps) : IDocumentRetriever
{
    public Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        var retriever = new HttpDocumentRetriever(httpClientFactory.CreateClient(clientName)) { RequireHttps = requireHttps };
        return retriever.GetDocumentAsync(address, cancel);
    }
}
