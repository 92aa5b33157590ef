using Aims.Core.Messaging;
using Aims.Teams.Connector;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Teams.Tests.Connector;

/// <summary>
/// The Bot Connector rate limits under a fake clock: permits counted per window, no waiting on the real clock. The expected
/// totals come from a separate model of Teams' documented rules (a grant counts in a window for exactly its length).
/// </summary>
public sealed class ConnectorRateLimitsTests
{
    private const string Conversation = "a:1-thread";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    private ConnectorRateLimits Limits(int appPerSecond = 100_000, int conversationQueue = 1_000, ISharedRateLimiter? shared = null) =>
        new(Options.Create(new BotOptions { AppRequestsPerSecond = appPerSecond }),
            Options.Create(new ConnectorResilienceOptions { ConversationQueueLimit = conversationQueue }), shared, _clock);

    private static int Take(ConnectorRateLimits limits, string? conversation, int attempts = 10_000)
    {
        var granted = 0;
        while (granted < attempts && limits.TryAcquire(conversation)) granted++;
        return granted;
    }

    [Fact]
    public void The_app_bucket_holds_a_second_of_requests_and_refills_continuously_never_beyond_it()
    {
        using var limits = Limits(appPerSecond: 5);

        Assert.Equal(5, Take(limits, null));
        var perStep = new List<int>();
        for (var step = 0; step < 10; step++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            perStep.Add(Take(limits, null));
        }

        Assert.Equal([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], perStep);   // half a token per 100 ms: five in the second
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(5, Take(limits, null));   // ten idle seconds still give one second's worth
    }

    [Fact]
    public void A_conversation_gets_7_per_second_8_per_2_seconds_and_60_per_30_seconds()
    {
        using var limits = Limits();
        var totals = new Dictionary<int, int>();
        var total = 0;
        for (var second = 0; second <= 31; second++)
        {
            total += Take(limits, Conversation);
            totals[second] = total;
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(7, totals[0]);    // 7 in the first second
        Assert.Equal(8, totals[1]);    // 8 in two seconds
        Assert.Equal(15, totals[2]);   // the first second's 7 left the 2 s window
        Assert.Equal(16, totals[3]);
        Assert.Equal(60, totals[14]);  // 60 in 30 s reached
        Assert.Equal(60, totals[29]);  // and nothing more until the first grants leave the 30 s window
        Assert.Equal(67, totals[30]);
        Assert.Equal(68, totals[31]);
    }

    [Fact]
    public void A_conversation_gets_at_most_1800_an_hour()
    {
        using var limits = Limits();
        var totals = new Dictionary<int, int>();
        var total = 0;
        for (var second = 0; second <= 3601; second++)
        {
            total += Take(limits, Conversation);
            totals[second] = total;
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1796, totals[883]);
        Assert.Equal(1800, totals[884]);
        Assert.Equal(1800, totals[3599]);   // the hour is spent
        Assert.Equal(1807, totals[3600]);   // the first second's 7 left the hour
        Assert.Equal(1808, totals[3601]);
    }

    [Fact]
    public void Conversations_are_limited_each_on_their_own_and_idle_ones_are_forgotten()
    {
        using var limits = Limits();

        Assert.Equal(7, Take(limits, Conversation));
        Assert.Equal(7, Take(limits, "a:2-other"));
        Assert.Equal(100, Take(limits, null, attempts: 100));   // a request without a conversation only needs the app's permit
        Assert.Equal(2, limits.TrackedConversations);

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, limits.TrackedConversations);
        Assert.Equal(7, Take(limits, Conversation));
    }

    [Fact]
    public void Each_in_process_limiter_has_its_own_bucket_so_two_instances_together_get_twice_the_rate()
    {
        using var first = Limits(appPerSecond: 5);
        using var second = Limits(appPerSecond: 5);

        Assert.Equal(10, Take(first, null) + Take(second, null));
    }

    [Fact]
    public async Task With_a_shared_limiter_every_app_permit_of_every_instance_comes_from_it_and_not_from_the_bucket()
    {
        var shared = new CountingSharedLimiter(_clock, permitsPerSecond: 6);
        using var first = Limits(appPerSecond: 1, shared: shared);
        using var second = Limits(appPerSecond: 1, shared: shared);

        // Six permits a second across both instances: the sixth request of the first second waits for the next one.
        var immediate = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { first, second }).Select(l => l.AcquireAsync(null, CancellationToken.None).AsTask()));
        var waiting = first.AcquireAsync(null, CancellationToken.None).AsTask();

        Assert.Equal(6, immediate.Length);
        Assert.Equal(6, shared.Granted);   // the in-process bucket of one per second would have let only two through
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(7, shared.Granted);
    }

    [Fact]
    public async Task The_eighth_request_of_a_second_waits_for_the_window_and_a_full_queue_is_refused()
    {
        using var limits = Limits(conversationQueue: 2);
        var granted = Enumerable.Range(0, 7).Select(_ => limits.AcquireAsync(Conversation, CancellationToken.None).AsTask()).ToList();
        await Task.WhenAll(granted).WaitAsync(TimeSpan.FromSeconds(10));

        var eighth = limits.AcquireAsync(Conversation, CancellationToken.None).AsTask();
        var ninth = limits.AcquireAsync(Conversation, CancellationToken.None).AsTask();
        await Assert.ThrowsAsync<ConnectorException>(() => limits.AcquireAsync(Conversation, CancellationToken.None).AsTask());   // two already wait

        _clock.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(50);
        Assert.False(eighth.IsCompleted);
        Assert.False(ninth.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        // One second after the first seven, the 8-in-2-seconds window lets exactly one more through.
        var first = await Task.WhenAny(eighth, ninth).WaitAsync(TimeSpan.FromSeconds(10));
        await first;
        await Task.Delay(50);
        Assert.False((first == eighth ? ninth : eighth).IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(eighth, ninth).WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A shared budget of so many permits per second of the fake clock, counting what it grants.</summary>
    private sealed class CountingSharedLimiter(TimeProvider clock, int permitsPerSecond) : ISharedRateLimiter
    {
        private readonly Lock _lock = new();
        private long _window = -1;
        private int _used;

        public int Granted { get; private set; }

        public ValueTask<bool> TryAcquireAsync(CancellationToken cancellationToken = default)
        {
            lock (_lock)
            {
                var window = clock.GetUtcNow().ToUnixTimeSeconds();
                if (window != _window)
                {
                    _window = window;
                    _used = 0;
                }

                if (_used >= permitsPerSecond) return ValueTask.FromResult(false);
                _used++;
                Granted++;
                return ValueTask.FromResult(true);
            }
        }

        public async ValueTask AcquireAsync(CancellationToken cancellationToken = default)
        {
            while (!await TryAcquireAsync(cancellationToken))
            {
                var now = clock.GetUtcNow();
                await Task.Delay(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(now.Ticks % TimeSpan.TicksPerSecond), clock, cancellationToken);
            }
        }
    }
}
