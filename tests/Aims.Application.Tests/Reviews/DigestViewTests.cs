using Aims.Application.Reviews;
using Aims.Application.Tests.Work;
using Aims.Core.Identity;
using Aims.Testing;

namespace Aims.Application.Tests.Reviews;

/// <summary>The digest card per person: the leadership buttons only for top management, in every copy, refresh and update.</summary>
public sealed class DigestViewTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string[] LeadershipVerbs = [ManagementReviewDigestCard.VerbAcknowledge, ManagementReviewDigestCard.VerbDecide, ManagementReviewDigestCard.VerbAssign];

    private static bool HasLeadershipButtons(string card) => LeadershipVerbs.Any(v => card.Contains($"\"verb\":\"{v}\"", StringComparison.Ordinal));

    [Fact]
    public async Task Only_top_management_gets_the_leadership_buttons_and_each_refresh_answers_the_viewers_own_view()
    {
        using var host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var service = host.Get<ManagementReviewService>();
        var run = await service.SendAsync(new Actor(ReviewHost.Alex, "Alex Wilber"), CancellationToken.None);
        await service.SendCopyAsync(run.Digest.Id, ReviewHost.Alex, "Sent to 1 recipient", CancellationToken.None);
        var data = new Dictionary<string, string?> { ["digestId"] = run.Digest.Id };

        var adeleCopy = Assert.Single(host.Connector.CardsTo(ReviewHost.Adele));
        var alexCopy = Assert.Single(host.Connector.CardsTo(ReviewHost.Alex));
        var alexRefresh = await host.PressAsync(ReviewHost.Alex, ManagementReviewDigestCard.VerbRefresh, data);
        var adeleRefresh = await host.PressAsync(ReviewHost.Adele, ManagementReviewDigestCard.VerbRefresh, data);
        var alexPressesAnyway = await host.PressAsync(ReviewHost.Alex, ManagementReviewDigestCard.VerbAcknowledge, data);
        await host.PressAsync(ReviewHost.Adele, ManagementReviewDigestCard.VerbAcknowledge, data);
        await QueueDrain.AnnouncementsAsync(host.Services, run.Digest.Id);

        Assert.True(HasLeadershipButtons(adeleCopy), adeleCopy);
        Assert.False(HasLeadershipButtons(alexCopy), alexCopy);
        // Every copy names the leaders for Teams' automatic refresh, so a forwarded or shared copy turns into each one's own view.
        Assert.Contains($"\"userIds\":[\"29:{ReviewHost.Adele}\"]", alexCopy, StringComparison.Ordinal);
        Assert.Contains($"\"verb\":\"{ManagementReviewDigestCard.VerbRefresh}\"", alexCopy, StringComparison.Ordinal);
        Assert.False(HasLeadershipButtons(alexRefresh), alexRefresh);
        Assert.True(HasLeadershipButtons(adeleRefresh), adeleRefresh);
        // The server's refusal stays the second line of defence.
        Assert.Contains("Not allowed: only top management", alexPressesAnyway, StringComparison.Ordinal);
        Assert.False(HasLeadershipButtons(alexPressesAnyway), alexPressesAnyway);
        // Adele's acknowledgement replaces both copies, each as its recipient may use it.
        var updates = host.Connector.Updated.Select(u => u.Card).Where(c => c.Contains("acknowledged by", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, updates.Count);
        Assert.Single(updates, HasLeadershipButtons);
    }
}
