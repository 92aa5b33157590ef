using System.Threading.RateLimiting;
using Aims.Core.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Teams.Connector;

/// <summary>
/// Teams' outbound limits, held once per process (a singleton, so limits survive HttpClient handler rotation):
/// a per-app token bucket of <see cref="BotOptions.AppRequestsPerSecond"/>, and per conversation (thread) the documented
/// per-bot-per-thread limits 7/1 s, 8/2 s, 60/30 s and 1800/3600 s as exact sliding windows. Requests queue rather than fail.
/// When an <see cref="ISharedRateLimiter"/> is registered (Table Storage, shared by every instance), the per-app permit comes from
/// it instead of the in-process bucket: Teams counts the app's requests across all instances. Conversations stay per process
/// (a thread's messages come from the instance handling that conversation's work, and the limits are far below the app's).
/// Time comes from a <see cref="TimeProvider"/>, so the windows can be tested with a fake clock.
/// </summary>
public sealed class ConnectorRateLimits : IDisposable, IAsyncDisposable
{
    /// <summary>Teams' documented per bot per thread limits (requests, window).</summary>
    internal static readonly (int Permits, TimeSpan Window)[] ThreadLimits =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    private static readonly long LongestWindow = ThreadLimits.Max(l => l.Window.Ticks);
    private static readonly long SweepEvery = TimeSpan.FromMinutes(1).Ticks;

    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly ISharedRateLimiter? _shared;
    private readonly int _appPerSecond;
    private readonly int _appQueueLimit;
    private readonly int _conversationQueueLimit;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Conversation> _threads = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposed = new();
    private double _appTokens;
    private long _appRefilledAt;
    private int _appWaiting;
    private long _sweptAt;

    public ConnectorRateLimits(IOptions<BotOptions> botOptions, IOptions<ConnectorResilienceOptions> resilienceOptions, ISharedRateLimiter? shared = null)
        : this(botOptions, resilienceOptions, shared, TimeProvider.System)
    {
    }

    /// <summary>With a clock of the caller's choosing (tests use a fake one); the app's hosts use the system clock.</summary>
    internal ConnectorRateLimits(IOptions<BotOptions> botOptions, IOptions<ConnectorResilienceOptions> resilienceOptions, ISharedRateLimiter? shared, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(botOptions);
        ArgumentNullException.ThrowIfNull(resilienceOptions);
        ArgumentNullException.ThrowIfNull(time);
        _shared = shared;
        _time = time;
        _origin = time.GetTimestamp();
        _appPerSecond = Math.Max(1, botOptions.Value.AppRequestsPerSecond);
        _appTokens = _appPerSecond;
        _appQueueLimit = resilienceOptions.Value.AppQueueLimit;
        _conversationQueueLimit = resilienceOptions.Value.ConversationQueueLimit;
    }

    /// <summary>Conversations with a request in the last hour (idle ones are dropped, so this stays bounded).</summary>
    internal int TrackedConversations
    {
        get
        {
            lock (_lock)
            {
                Sweep(Now(), force: true);
                return _threads.Count;
            }
        }
    }

    /// <summary>Waits for a permit of the app and, when known, of the conversation. Dispose the lease after the request.</summary>
    public async ValueTask<ConnectorRateLimitLease> AcquireAsync(string? conversationId, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        var useBucket = _shared is null;
        if (_shared is not null)
        {
            await _shared.AcquireAsync(cancellationToken).ConfigureAwait(false);
        }

        var queuedApp = false;
        var queuedThread = false;
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_lock)
                {
                    ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
                    var now = Now();
                    var appWait = useBucket ? AppWait(now) : 0;
                    var threadWait = conversationId is null ? 0 : ThreadWait(conversationId, now);
                    if (appWait == 0 && threadWait == 0)
                    {
                        Take(conversationId, useBucket, now);
                        return new ConnectorRateLimitLease(SharedPermit.Instance, conversationId is null ? null : SharedPermit.Instance);
                    }

                    if (appWait > 0 && !queuedApp)
                    {
                        if (_appWaiting >= _appQueueLimit)
                        {
                            throw new ConnectorException("The per-app Bot Connector rate limiter queue is full.", null);
                        }

                        _appWaiting++;
                        queuedApp = true;
                    }

                    if (threadWait > 0 && !queuedThread)
                    {
                        var thread = ThreadOf(conversationId!);
                        if (thread.Waiting >= _conversationQueueLimit)
                        {
                            throw new ConnectorException("The conversation's Bot Connector rate limiter queue is full.", null);
                        }

                        thread.Waiting++;
                        queuedThread = true;
                    }

                    wait = TimeSpan.FromTicks(Math.Max(appWait, threadWait));
                }

                await Task.Delay(wait, _time, linked.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            if (queuedApp || queuedThread)
            {
                lock (_lock)
                {
                    if (queuedApp) _appWaiting--;
                    if (queuedThread && _threads.TryGetValue(conversationId!, out var thread)) thread.Waiting--;
                }
            }
        }
    }

    /// <summary>Takes a permit now if one is free (of the app's bucket and the conversation's windows), without waiting.</summary>
    internal bool TryAcquire(string? conversationId)
    {
        lock (_lock)
        {
            var now = Now();
            var useBucket = _shared is null;
            if ((useBucket && AppWait(now) > 0) || (conversationId is not null && ThreadWait(conversationId, now) > 0))
            {
                return false;
            }

            Take(conversationId, useBucket, now);
            return true;
        }
    }

    private long Now() => _time.GetElapsedTime(_origin).Ticks;

    /// <summary>Ticks until the bucket holds a whole token (0: one is there).</summary>
    private long AppWait(long now)
    {
        _appTokens = Math.Min(_appPerSecond, _appTokens + ((now - _appRefilledAt) * _appPerSecond / (double)TimeSpan.TicksPerSecond));
        _appRefilledAt = now;
        return _appTokens >= 1 ? 0 : Math.Max(1, (long)Math.Ceiling((1 - _appTokens) * TimeSpan.TicksPerSecond / _appPerSecond));
    }

    /// <summary>Ticks until every window of the conversation has room (0: it has now). A grant stays in a window for exactly its length.</summary>
    private long ThreadWait(string conversationId, long now)
    {
        if (!_threads.TryGetValue(conversationId, out var thread))
        {
            return 0;
        }

        var grants = thread.Grants;
        long wait = 0;
        foreach (var (permits, window) in ThreadLimits)
        {
            // The window has room when its permits-th most recent grant has left it.
            if (grants.Count >= permits && grants[^permits] + window.Ticks > now)
            {
                wait = Math.Max(wait, grants[^permits] + window.Ticks - now);
            }
        }

        return wait;
    }

    private void Take(string? conversationId, bool useBucket, long now)
    {
        if (useBucket)
        {
            _appTokens -= 1;
        }

        if (conversationId is not null)
        {
            var grants = ThreadOf(conversationId).Grants;
            grants.Add(now);
            var expired = 0;
            while (expired < grants.Count && grants[expired] + LongestWindow <= now) expired++;
            grants.RemoveRange(0, expired);
        }

        Sweep(now, force: false);
    }

    private Conversation ThreadOf(string conversationId)
    {
        if (!_threads.TryGetValue(conversationId, out var thread))
        {
            thread = new Conversation();
            _threads[conversationId] = thread;
        }

        return thread;
    }

    /// <summary>Drops conversations idle for longer than the longest window and with no one waiting.</summary>
    private void Sweep(long now, bool force)
    {
        if (!force && now - _sweptAt < SweepEvery)
        {
            return;
        }

        _sweptAt = now;
        foreach (var id in _threads.Where(t => t.Value.Waiting == 0 && (t.Value.Grants.Count == 0 || t.Value.Grants[^1] + LongestWindow <= now)).Select(t => t.Key).ToList())
        {
            _threads.Remove(id);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed.IsCancellationRequested) _disposed.Cancel();
        }

        _disposed.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>One conversation: its grant times (ticks since start, oldest first, the last hour's) and how many wait.</summary>
    private sealed class Conversation
    {
        public List<long> Grants { get; } = [];

        public int Waiting { get; set; }
    }
}

/// <summary>A permit taken (from the shared budget or a window): nothing to give back, a used permit of a window is spent.</summary>
internal sealed class SharedPermit : RateLimitLease
{
    public static readonly SharedPermit Instance = new();

    public override bool IsAcquired => true;

    public override IEnumerable<string> MetadataNames => [];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        return false;
    }
}

public readonly struct ConnectorRateLimitLease(RateLimitLease app, RateLimitLease? conversation) : IDisposable
{
    public void Dispose()
    {
        conversation?.Dispose();
        app.Dispose();
    }
}

/// <summary>Puts every Bot Connector attempt (retries included) through <see cref="ConnectorRateLimits"/>.</summary>
internal sealed class ConnectorRateLimitingHandler(ConnectorRateLimits limits, ILogger<ConnectorRateLimitingHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(ConnectorClient.ConversationIdOption, out var conversationId);
        if (request.Options.TryGetValue(ConnectorClient.AttemptCounterOption, out var counter))
        {
            counter.Increment();
        }

        using var lease = await limits.AcquireAsync(conversationId, cancellationToken).ConfigureAwait(false);
        logger.LogDebug("Sending {Method} to Bot Connector host {ServiceUrlHost} (conversation {ConversationId})", request.Method, request.RequestUri?.Host, conversationId);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
