using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aims.Application.Reviews;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Reviews;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Reviews;

/// <summary>Review cycles through the real DevHost on Azurite: one task per cycle and period, reviewer-only decisions, evidence.</summary>
public sealed class ReviewCycleTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";   // AIMS manager
    private const string Megan = "00000000-0000-0000-0000-0000000000021";  // risk owner, the reviewer
    private const string Lynne = "00000000-0000-0000-0000-0000000000025";  // staff
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 3, 6, 0, 0, TimeSpan.Zero));
    private readonly DevHostFactory _host;
    private readonly HttpClient _client;

    public ReviewCycleTests(AzuriteFixture azurite)
    {
        _host = new DevHostFactory(azurite.ConnectionString, services: s => s.AddSingleton<TimeProvider>(_clock));
        _client = _host.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Theory]
    [InlineData(12, "2026-11-28", "2026-01")]
    [InlineData(6, "2026-11-28", "2026-07")]
    [InlineData(6, "2026-06-30", "2026-01")]
    [InlineData(3, "2026-10-01", "2026-10")]
    [InlineData(1, "2027-02-14", "2027-02")]
    public void Periods_start_at_fixed_months(int months, string date, string expected)
    {
        var cycle = new ReviewCycle("RC-1", "AI policy", Megan, months, ["5.2"], DateTimeOffset.UtcNow);

        Assert.Equal(expected, cycle.PeriodKey(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_cycle_opens_one_task_per_period_and_only_the_reviewer_or_a_manager_decides()
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/review-cycles", UriKind.Relative)) { Content = JsonContent.Create(new { title = "AI policy (5.2)", reviewerObjectId = Megan, periodMonths = 6, clauses = new[] { "5.2", "A.2.4" } }) };
        create.Headers.Add("X-Aims-User", Alex);
        using var created = await _client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var cycleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var refused = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/review-cycles", UriKind.Relative)) { Content = JsonContent.Create(new { title = "x", reviewerObjectId = Megan, periodMonths = 6 }) };
        refused.Headers.Add("X-Aims-User", Lynne);
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.SendAsync(refused)).StatusCode);

        var service = _host.Services.GetRequiredService<ReviewCycleService>();
        var store = _host.Services.GetRequiredService<IReviewCycles>();
        var taskId = ReviewTask.IdFor(cycleId, "2026-07");
        await service.OpenDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(30));
        await service.OpenDueAsync(CancellationToken.None);   // same period (July-December): nothing new
        var task = await store.GetTaskAsync(taskId);
        Assert.NotNull(task);
        Assert.Equal(ReviewTaskStatus.Open, task.Status);
        Assert.Null(await store.GetTaskAsync(ReviewTask.IdFor(cycleId, "2026-08")));

        var notAllowed = (await service.DecideAsync(taskId, new Actor(Lynne, "Lynne Robbins"), ReviewTaskStatus.ReviewedNoChange, null, CancellationToken.None)).ToJson();
        Assert.Contains("Not allowed", notAllowed, StringComparison.Ordinal);
        Assert.Equal(ReviewTaskStatus.Open, (await store.GetTaskAsync(taskId))!.Status);
        Assert.Contains("Say what must change", (await service.DecideAsync(taskId, new Actor(Megan, "Megan Bowen"), ReviewTaskStatus.ChangesNeeded, " ", CancellationToken.None)).ToJson(), StringComparison.Ordinal);

        var decided = (await service.DecideAsync(taskId, new Actor(Megan, "Megan Bowen"), ReviewTaskStatus.ChangesNeeded, "Add generative AI use", CancellationToken.None)).ToJson();
        Assert.Contains("Changes needed", decided, StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewTaskCard.VerbNoChange, decided, StringComparison.Ordinal);
        Assert.Contains("Already decided", (await service.DecideAsync(taskId, new Actor(Alex, "Alex Wilber"), ReviewTaskStatus.ReviewedNoChange, null, CancellationToken.None)).ToJson(), StringComparison.Ordinal);
        var evidence = await _host.Services.GetRequiredService<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = $"review-cycle:{cycleId}" });
        var item = Assert.Single(evidence.Items);
        Assert.Equal(Megan, item.Actor.ObjectId);
        Assert.Equal(["5.2"], item.Clauses);
        Assert.Equal(["A.2.4"], item.Controls);

        // The next period opens the next task.
        _clock.Advance(TimeSpan.FromDays(160));
        await service.OpenDueAsync(CancellationToken.None);
        Assert.NotNull(await store.GetTaskAsync(ReviewTask.IdFor(cycleId, "2027-01")));
    }
}
