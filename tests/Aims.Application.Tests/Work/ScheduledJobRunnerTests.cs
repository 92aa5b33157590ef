using Aims.Application.Apis;
using Aims.Application.Work;
using Aims.Core.Scheduling;
using Aims.Testing;
using Cronos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Work;

/// <summary>Exactly once per scheduled occurrence, even with two instances firing together (claims in Table Storage).</summary>
public sealed class ScheduledJobRunnerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Hourly = "0 30 * * * *";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 2, 9, 30, 0, 120, TimeSpan.Zero));

    [Fact]
    public async Task Two_simultaneous_runs_of_the_same_occurrence_run_the_job_once()
    {
        await using var storage = await StorageHarness.CreateAsync(azurite.ConnectionString);
        var claims = storage.GetRequiredService<IScheduleClaims>();
        var job = new GatedJob("hourly-" + Guid.NewGuid().ToString("N")[..8]);
        var instanceA = Runner(job, claims, "instance-a");
        var instanceB = Runner(job, claims, "instance-b");

        var a = instanceA.RunAsync(job.Name, CancellationToken.None);
        var b = instanceB.RunAsync(job.Name, CancellationToken.None);
        // The losing instance returns while the winner's job is still running (held by the gate).
        var loser = await Task.WhenAny(a, b);
        Assert.False(await loser);
        job.Gate.SetResult();
        var results = await Task.WhenAll(a, b);

        Assert.Equal([false, true], results.Order());
        Assert.Equal(1, job.Runs);
        var claim = await claims.FindAsync(job.Name, new DateTimeOffset(2025, 6, 2, 9, 30, 0, TimeSpan.Zero));
        Assert.Equal("done", claim?.Status);
        Assert.StartsWith(loser == a ? "instance-b/" : "instance-a/", claim!.Owner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_run_of_a_done_occurrence_is_skipped_and_the_next_occurrence_runs()
    {
        await using var storage = await StorageHarness.CreateAsync(azurite.ConnectionString);
        var claims = storage.GetRequiredService<IScheduleClaims>();
        var job = new GatedJob("hourly-" + Guid.NewGuid().ToString("N")[..8]);
        job.Gate.SetResult();
        var runner = Runner(job, claims, "instance-a");

        Assert.True(await runner.RunAsync(job.Name, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(20)); // a past-due catch-up within the same period
        Assert.False(await runner.RunAsync(job.Name, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(40)); // 10:30: the next occurrence
        Assert.True(await runner.RunAsync(job.Name, CancellationToken.None));
        Assert.Equal(2, job.Runs);
    }

    [Fact]
    public async Task A_failed_run_gives_its_occurrence_back_for_a_retry()
    {
        await using var storage = await StorageHarness.CreateAsync(azurite.ConnectionString);
        var claims = storage.GetRequiredService<IScheduleClaims>();
        var job = new GatedJob("hourly-" + Guid.NewGuid().ToString("N")[..8]) { FailNext = true };
        job.Gate.SetResult();
        var runner = Runner(job, claims, "instance-a");

        await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(job.Name, CancellationToken.None));
        Assert.Null(await claims.FindAsync(job.Name, new DateTimeOffset(2025, 6, 2, 9, 30, 0, TimeSpan.Zero)));
        Assert.True(await runner.RunAsync(job.Name, CancellationToken.None));
        Assert.Equal(2, job.Runs);
    }

    [Fact]
    public void A_timer_firing_a_moment_early_belongs_to_the_coming_occurrence()
    {
        var cron = CronExpression.Parse(AimsSchedules.RoleSnapshot, CronFormat.IncludeSeconds);
        var twoAm = new DateTimeOffset(2025, 6, 2, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal(twoAm, ScheduledJobRunner.LatestOccurrence(cron, twoAm.AddMilliseconds(-3) + ScheduledJobRunner.EarlyTolerance));
        Assert.Equal(twoAm, ScheduledJobRunner.LatestOccurrence(cron, twoAm.AddHours(23)));
        Assert.Equal(twoAm.AddDays(-1), ScheduledJobRunner.LatestOccurrence(cron, twoAm.AddMinutes(-1)));
    }

    [Fact]
    public void Every_registered_job_needs_a_schedule()
    {
        var job = new GatedJob("unscheduled");
        Assert.Throws<InvalidOperationException>(() => new ScheduledJobRunner(
            [job], new Dictionary<string, string>(), new NoClaims(), _time, new HostIdentity("Tests"), NullLogger<ScheduledJobRunner>.Instance));
    }

    [Fact]
    public void Every_schedule_of_the_app_has_a_registered_job()
    {
        using var services = new ServiceCollection().AddLogging().AddAims(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AimsStorage"] = azurite.ConnectionString,
                ["Directory:Provider"] = "LocalFile",
                ["Directory:LocalFile"] = Path.Combine(TestEnvironment.RepoRoot, "src", "Aims.DevHost", "demo-directory.json"),
            }).Build(), "Tests").BuildServiceProvider();

        Assert.Equal(AimsSchedules.All.Keys.Order(), services.GetRequiredService<ScheduledJobRunner>().Jobs.Order());
    }

    private ScheduledJobRunner Runner(IScheduledJob job, IScheduleClaims claims, string instance) =>
        new([job], new Dictionary<string, string> { [job.Name] = Hourly }, claims, _time, new HostIdentity(instance), NullLogger<ScheduledJobRunner>.Instance);

    private sealed class GatedJob(string name) : IScheduledJob
    {
        private int _runs;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool FailNext { get; set; }
        public int Runs => _runs;
        public string Name => name;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            await Gate.Task.WaitAsync(cancellationToken);
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("The directory was down.");
            }
        }
    }

    private sealed class NoClaims : IScheduleClaims
    {
        public Task<bool> TryClaimAsync(string job, DateTimeOffset occurrence, string owner, CancellationToken cancellationToken = default) => Task.FromResult(true);
        public Task CompleteAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task ReleaseAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task<ScheduleClaim?> FindAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default) => Task.FromResult<ScheduleClaim?>(null);
    }
}
