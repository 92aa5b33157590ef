using System.Threading.RateLimiting;
using Aims.Core.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Teams.Connector;

/// <summary>
/// Teams' outbound limits, held once per process (a singleton, so limits survive HttpClient handler rotation):
/// a per-app token bucket of <see cref="BotOptions.AppRequestsPerSecond"/>, and per conversation (thread) the documented
/// per-bot-per-thread limits 7/1 s, 8/2 s, 60/30 s and 1800/3600 s as chained sliding windows. Requests queue rather than fail.
/// When an <see cref="ISharedRateLimiter"/> is registered (Table Storage, shared by every instance), the per-app permit comes from
/// it instead of the in-process bucket: Teams counts the app's requests across all instances. Conversations stay per process
/// (a thread's messages come from the instance handling that conversation's work, and the limits are far below the app's).
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

    private readonly RateLimiter _app;
    private readonly ISharedRateLimiter? _shared;
    private readonly PartitionedRateLimiter<string> _conversations;
    private readonly PartitionedRateLimiter<string>[] _conversationLimiters;

    public ConnectorRateLimits(IOptions<BotOptions> botOptions, IOptions<ConnectorResilienceOptions> resilienceOptions, ISharedRateLimiter? shared = null)
    {
        _shared = shared;
        ArgumentNullException.ThrowIfNull(botOptions);
        ArgumentNullException.ThrowIfNull(resilienceOptions);
        var appPerSecond = Math.Max(1, botOptions.Value.AppRequestsPerSecond);
        var resilience = resilienceOptions.Value;

        _app = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = appPerSecond,
            TokensPerPeriod = appPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = resilience.AppQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });

        // Sliding windows, not token buckets, for the threads: a bucket refills continuously and would let an eighth
        // request through within the first second. Ten segments keep the slack at a tenth of each window. Replenishment
        // is driven by the partitioned limiter's own heartbeat (one timer for all partitions), and idle partitions are
        // dropped by it, which keeps the set of live limiters bounded by the conversations actually in use.
        _conversationLimiters =
        [
            .. ThreadLimits.Select(limit => PartitionedRateLimiter.Create<string, string>(conversationId => RateLimitPartition.GetSlidingWindowLimiter(conversationId, _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = limit.Permits,
                Window = limit.Window,
                SegmentsPerWindow = 10,
                QueueLimit = resilience.ConversationQueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = false,
            }))),
        ];
        _conversations = PartitionedRateLimiter.CreateChained(_conversationLimiters);
    }

    /// <summary>Waits for a permit of the app and, when known, of the conversation. Dispose the lease after the request.</summary>
    public async ValueTask<ConnectorRateLimitLease> AcquireAsync(string? conversationId, CancellationToken cancellationToken)
    {
        RateLimitLease app;
        if (_shared is not null)
        {
            await _shared.AcquireAsync(cancellationToken).ConfigureAwait(false);
            app = SharedPermit.Instance;
        }
        else
        {
            app = await _app.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        }

        if (!app.IsAcquired)
        {
            app.Dispose();
            throw new ConnectorException("The per-app Bot Connector rate limiter queue is full.", null);
        }

        if (conversationId is null)
        {
            return new ConnectorRateLimitLease(app, null);
        }

        RateLimitLease conversation;
        try
        {
            conversation = await _conversations.AcquireAsync(conversationId, 1, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            app.Dispose();
            throw;
        }

        if (!conversation.IsAcquired)
        {
            conversation.Dispose();
            app.Dispose();
            throw new ConnectorException("The conversation's Bot Connector rate limiter queue is full.", null);
        }

        return new ConnectorRateLimitLease(app, conversation);
    }

    public void Dispose()
    {
        _conversations.Dispose();
        foreach (var limiter in _conversationLimiters)
        {
            limiter.Dispose();
        }

        _app.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _conversations.DisposeAsync().ConfigureAwait(false);
        foreach (var limiter in _conversationLimiters)
        {
            await limiter.DisposeAsync().ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A permit taken from the shared budget: nothing to give back (a used permit of a window is spent).</summary>
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
