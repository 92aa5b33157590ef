using Aims.Infrastructure.Messaging;
using Aims.Infrastructure.Storage;
using Aims.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Infrastructure.Tests.Messaging;

/// <summary>Two limiter instances (as two function instances) over one Azurite table, with a fake clock: counts only, no timing.</summary>
public sealed class TableSharedRateLimiterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    private async Task<(TableSharedRateLimiter A, TableSharedRateLimiter B)> PairAsync(int permits, int block)
    {
        var clients = new StorageClients(new StorageOptions { ConnectionString = azurite.ConnectionString });
        await clients.Tables.CreateTableIfNotExistsAsync(TableSharedRateLimiter.TableName);
        var name = "test-" + Guid.NewGuid().ToString("N");
        TableSharedRateLimiter Create() => new(clients, name, permits, TimeSpan.FromSeconds(1), block, _clock, NullLogger<TableSharedRateLimiter>.Instance);
        return (Create(), Create());
    }

    private static async Task<int> GrantedAsync(TableSharedRateLimiter limiter, int attempts) =>
        (await Task.WhenAll(Enumerable.Range(0, attempts).Select(async _ => await limiter.TryAcquireAsync()))).Count(granted => granted);

    [Fact]
    public async Task Two_instances_together_never_get_more_than_the_budget_of_a_window_and_claim_it_in_few_writes()
    {
        var (a, b) = await PairAsync(permits: 50, block: 10);

        var first = await Task.WhenAll(GrantedAsync(a, 100), GrantedAsync(b, 100));
        var claimsInFirstWindow = a.Claims + b.Claims;
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Task.WhenAll(GrantedAsync(a, 30), GrantedAsync(b, 30));
        var spentAgain = await Task.WhenAll(GrantedAsync(a, 20), GrantedAsync(b, 20));

        Assert.Equal(50, first.Sum());
        Assert.Equal(5, claimsInFirstWindow); // 50 permits in blocks of 10: five storage writes, not fifty
        Assert.Equal(50, second.Sum() + spentAgain.Sum());
    }

    [Fact]
    public async Task The_last_block_is_what_is_left_and_a_reused_row_of_an_older_window_starts_from_zero()
    {
        var (a, b) = await PairAsync(permits: 7, block: 3);

        var first = await GrantedAsync(a, 5) + await GrantedAsync(b, 5) + await GrantedAsync(a, 5);
        _clock.Advance(TimeSpan.FromSeconds(TableSharedRateLimiter.Slots)); // the same row, a later window
        var reused = await GrantedAsync(b, 10) + await GrantedAsync(a, 10);

        Assert.Equal(7, first);
        Assert.Equal(7, reused);
    }

    [Fact]
    public async Task A_window_never_goes_over_budget_however_the_instances_interleave()
    {
        var (a, b) = await PairAsync(permits: 20, block: 4);
        var perWindow = new List<int>();
        for (var window = 0; window < 5; window++)
        {
            var grants = await Task.WhenAll(GrantedAsync(a, 3 + window * 5), GrantedAsync(b, 25 - window * 5));
            perWindow.Add(grants.Sum());
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.All(perWindow, n => Assert.True(n <= 20, $"a window granted {n} of 20"));
        // At most a block less one per instance can stay unused when an instance wants fewer permits than it claimed.
        Assert.All(perWindow, n => Assert.True(n >= 20 - (2 * 3), $"a window granted only {n} of 20"));
    }
}
