using Aims.Core.Directory;
using Aims.Infrastructure.Directory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Infrastructure.Tests.Directory;

public sealed class CachedDirectoryClientTests
{
    private static readonly DirectoryUser Patti = new("u-patti", "Patti Fernandez", "pattif@contoso.example", "Customer Operations", "Operations Lead");
    private static readonly DirectoryUser Megan = new("u-megan", "Megan Bowen", "meganb@contoso.example", "Data Science", "Head of Data Science");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly ScriptedDirectory _inner = new();
    private readonly RecordingLogger _log = new();
    private readonly CachedDirectoryClient _cache;

    public CachedDirectoryClientTests() =>
        _cache = new CachedDirectoryClient(_inner, new DirectoryCacheOptions(), _time, _log);

    [Fact]
    public async Task A_profile_is_reused_for_its_time_to_live_then_fetched_again()
    {
        _inner.Users["u-patti"] = Patti;

        Assert.Equal(Patti, await _cache.GetUserAsync("u-patti"));
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(Patti, await _cache.GetUserAsync("u-patti"));
        Assert.Equal(1, _inner.UserCalls);

        _inner.Users["u-patti"] = Patti with { Department = "Risk & Compliance" };
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("Risk & Compliance", (await _cache.GetUserAsync("u-patti"))?.Department);
        Assert.Equal(2, _inner.UserCalls);
    }

    [Fact]
    public async Task An_unknown_user_is_cached_as_unknown()
    {
        Assert.Null(await _cache.GetUserAsync("u-nobody"));
        Assert.Null(await _cache.GetUserAsync("u-nobody"));
        Assert.Equal(1, _inner.UserCalls);
    }

    [Fact]
    public async Task When_the_directory_fails_the_last_known_profile_and_manager_are_served_and_logged_as_stale()
    {
        _inner.Users["u-patti"] = Patti;
        _inner.Managers["u-patti"] = Megan;
        await _cache.GetUserAsync("u-patti");
        await _cache.GetManagerAsync("u-patti");

        _inner.Down = true;
        _time.Advance(TimeSpan.FromHours(3));

        Assert.Equal(Patti, await _cache.GetUserAsync("u-patti"));
        Assert.Equal(Megan, await _cache.GetManagerAsync("u-patti"));
        Assert.Equal(2, _log.Entries.Count(e => e.Level == LogLevel.Warning));
        var stale = _log.Entries.First(e => e.Level == LogLevel.Warning);
        Assert.Equal("user", stale.State["Kind"]);
        Assert.Equal("u-patti", stale.State["ObjectId"]);
        Assert.IsType<DirectoryUnavailableException>(stale.Exception);
    }

    [Fact]
    public async Task Without_a_last_known_answer_or_beyond_the_maximum_staleness_the_failure_surfaces()
    {
        _inner.Users["u-patti"] = Patti;
        await _cache.GetUserAsync("u-patti");
        _inner.Down = true;

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => _cache.GetManagerAsync("u-patti"));
        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => _cache.GetUserAsync("u-patti"));
    }

    [Fact]
    public async Task Group_members_and_memberships_are_never_cached()
    {
        _inner.Memberships["u-patti"] = new HashSet<string> { "g-1" };
        await _cache.GetGroupMembersPageAsync("g-1", null);
        await _cache.GetGroupMembersPageAsync("g-1", null);
        await _cache.GetTransitiveGroupIdsAsync("u-patti");
        await _cache.GetTransitiveGroupIdsAsync("u-patti");

        Assert.Equal(2, _inner.MemberPageCalls);
        Assert.Equal(2, _inner.MembershipCalls);
    }

    internal sealed class ScriptedDirectory : IDirectoryClient
    {
        public Dictionary<string, DirectoryUser> Users { get; } = [];
        public Dictionary<string, DirectoryUser> Managers { get; } = [];
        public Dictionary<string, IReadOnlySet<string>> Memberships { get; } = [];
        public bool Down { get; set; }
        public int UserCalls { get; private set; }
        public int MemberPageCalls { get; private set; }
        public int MembershipCalls { get; private set; }

        public string ProviderName => "Scripted";

        public Task<IReadOnlySet<string>> GetTransitiveGroupIdsAsync(string userObjectId, CancellationToken cancellationToken = default)
        {
            MembershipCalls++;
            ThrowIfDown();
            return Task.FromResult(Memberships.TryGetValue(userObjectId, out var g) ? g : new HashSet<string>());
        }

        public Task<DirectoryPage<DirectoryUser>> GetGroupMembersPageAsync(string groupObjectId, string? continuationToken, CancellationToken cancellationToken = default)
        {
            MemberPageCalls++;
            ThrowIfDown();
            return Task.FromResult(new DirectoryPage<DirectoryUser>([], null));
        }

        public Task<DirectoryUser?> GetUserAsync(string userObjectId, CancellationToken cancellationToken = default)
        {
            UserCalls++;
            ThrowIfDown();
            return Task.FromResult(Users.GetValueOrDefault(userObjectId));
        }

        public Task<DirectoryUser?> GetManagerAsync(string userObjectId, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return Task.FromResult(Managers.GetValueOrDefault(userObjectId));
        }

        private void ThrowIfDown()
        {
            if (Down)
            {
                throw new DirectoryUnavailableException("Microsoft Graph kept failing after 4 attempts: 503");
            }
        }
    }

    internal sealed record LogEntry(LogLevel Level, IReadOnlyDictionary<string, object?> State, Exception? Exception, string Message);

    internal sealed class RecordingLogger : ILogger<CachedDirectoryClient>
    {
        public List<LogEntry> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            Entries.Add(new LogEntry(logLevel, values.ToDictionary(kv => kv.Key, kv => kv.Value), exception, formatter(state, exception)));
        }
    }
}
