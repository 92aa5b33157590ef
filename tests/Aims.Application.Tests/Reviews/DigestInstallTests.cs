using System.Collections.Concurrent;
using Aims.Application.Reviews;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Protocol;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Aims.Application.Tests.Reviews;

/// <summary>
/// The first digest on a fresh organisation: top management never wrote to the bot and is in no team the app is in. With the
/// app installation configured (as training has it), the digest installs the app for them, opens the chat and reaches them.
/// </summary>
public sealed class DigestInstallTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";
    private const string Adele = "00000000-0000-0000-0000-0000000000022";

    [Fact]
    public async Task The_first_digest_installs_the_app_for_an_unreachable_leader_reaches_her_and_counts_as_a_review()
    {
        var sent = new ConcurrentQueue<(string Conversation, Activity Activity)>();
        var connector = new Mock<IConnectorClient>();
        connector.Setup(c => c.CreateConversationAsync(It.IsAny<Uri>(), It.IsAny<ConversationParameters>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Uri _, ConversationParameters p, CancellationToken _) => new ConversationResourceResponse { Id = "a:chat-" + p.Members!.Single().Id });
        connector.Setup(c => c.SendToConversationAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .Callback((Uri _, string conversation, Activity a, CancellationToken _) => sent.Enqueue((conversation, a)))
            .ReturnsAsync(new ResourceResponse { Id = "m-1" });
        connector.Setup(c => c.GetMembersAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var installer = new Mock<ITeamsAppInstaller>();
        installer.Setup(i => i.InstallForUserAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(new AppInstallResult(AppInstallOutcome.Installed));
        using var host = new DevHostFactory(azurite.ConnectionString, new Dictionary<string, string?> { ["Training:ServiceUrl"] = "https://smba.example/teams/" }, s =>
        {
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)));
            s.AddSingleton(connector.Object);
            s.AddSingleton(installer.Object);
        });

        var run = await host.Services.GetRequiredService<ManagementReviewService>().SendAsync(new Actor(Alex, "Alex Wilber"), CancellationToken.None);

        installer.Verify(i => i.InstallForUserAsync(Adele, It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal((1, 0), (run.Delivered, run.Unreachable));
        Assert.True(run.Digest.Reviewed);
        var (conversation, activity) = Assert.Single(sent);
        Assert.Equal("a:chat-" + Adele, conversation);
        Assert.Contains("review.acknowledge", System.Text.Json.JsonSerializer.Serialize(activity.Attachments![0].Content, CardJson.Options), StringComparison.Ordinal);
        Assert.Equal("a:chat-" + Adele, (await host.Services.GetRequiredService<IChatAddressBook>().FindAsync(Adele))?.ConversationId);
    }
}
