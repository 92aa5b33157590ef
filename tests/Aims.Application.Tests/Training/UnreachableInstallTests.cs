using Aims.Application.Training;
using Aims.Core.Messaging;
using Aims.Infrastructure.Directory;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Aims.Application.Tests.Training;

/// <summary>A person without a chat: recorded unreachable, or (when configured) the app is installed for them and the chat opened by object id.</summary>
public sealed class UnreachableInstallTests
{
    private const string Person = "00000000-0000-0000-0000-0000000000099";
    private readonly Dictionary<string, ChatAddress> _saved = [];
    private readonly Mock<IConnectorClient> _connector = new();

    private ProactiveTrainingMessenger Create(ITeamsAppInstaller? installer)
    {
        var book = new Mock<IChatAddressBook>();
        book.Setup(b => b.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string id, CancellationToken _) => _saved.GetValueOrDefault(id));
        book.Setup(b => b.SaveAsync(It.IsAny<ChatAddress>(), It.IsAny<CancellationToken>())).Callback((ChatAddress a, CancellationToken _) => _saved[a.AadObjectId] = a).Returns(Task.CompletedTask);
        book.Setup(b => b.ListRosterSourcesAsync(It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _connector.Setup(c => c.CreateConversationAsync(It.IsAny<Uri>(), It.IsAny<ConversationParameters>(), It.IsAny<CancellationToken>())).ReturnsAsync(new ConversationResourceResponse { Id = "a:new-chat" });
        _connector.Setup(c => c.SendToConversationAsync(It.IsAny<Uri>(), "a:new-chat", It.IsAny<Activity>(), It.IsAny<CancellationToken>())).ReturnsAsync(new ResourceResponse { Id = "sent-1" });
        var options = Options.Create(new BotOptions { AppId = "bot-app", TenantId = "tenant-1" });
        var messenger = new ProactiveMessenger(book.Object, _connector.Object, Mock.Of<ITrustedServiceUrls>(), options, TimeProvider.System, NullLogger<ProactiveMessenger>.Instance);
        return new ProactiveTrainingMessenger(new Proactive.InstallingMessenger(messenger, new TeamsAppInstallOptions { ServiceUrl = "https://smba.example/teams/" }, NullLogger<Proactive.InstallingMessenger>.Instance, installer));
    }

    private static ITeamsAppInstaller Installer(AppInstallResult result)
    {
        var installer = new Mock<ITeamsAppInstaller>();
        installer.Setup(i => i.InstallForUserAsync(Person, It.IsAny<CancellationToken>())).ReturnsAsync(result);
        return installer.Object;
    }

    private static AdaptiveCard Card => TrainingAttestationCard.Completed([], nothingOpen: true);

    [Fact]
    public async Task Without_installation_configured_the_person_is_unreachable()
    {
        var result = await Create(null).SendCardAsync(Person, Card, CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Contains("not installed", result.Reason, StringComparison.Ordinal);
        _connector.Verify(c => c.CreateConversationAsync(It.IsAny<Uri>(), It.IsAny<ConversationParameters>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData(AppInstallOutcome.Installed)]
    [InlineData(AppInstallOutcome.AlreadyInstalled)]
    public async Task After_installing_the_chat_is_opened_by_object_id_remembered_and_the_card_sent(AppInstallOutcome outcome)
    {
        var result = await Create(Installer(new AppInstallResult(outcome))).SendCardAsync(Person, Card, CancellationToken.None);

        Assert.True(result.Delivered);
        Assert.Equal("sent-1", result.ActivityId);
        _connector.Verify(c => c.CreateConversationAsync(new Uri("https://smba.example/teams/"),
            It.Is<ConversationParameters>(p => p.Members!.Single().Id == Person && p.Bot!.Id == "28:bot-app" && p.TenantId == "tenant-1" && p.IsGroup == false), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal("a:new-chat", _saved[Person].ConversationId);
    }

    [Fact]
    public async Task A_refused_installation_leaves_the_person_unreachable_with_the_reason()
    {
        var result = await Create(Installer(new AppInstallResult(AppInstallOutcome.Refused, "Graph answered 403 Authorization_RequestDenied"))).SendCardAsync(Person, Card, CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Contains("Installing the app for them failed: Graph answered 403", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teams_not_knowing_the_new_installation_yet_is_retried_not_failed()
    {
        var messenger = Create(Installer(new AppInstallResult(AppInstallOutcome.Installed)));
        _connector.Setup(c => c.CreateConversationAsync(It.IsAny<Uri>(), It.IsAny<ConversationParameters>(), It.IsAny<CancellationToken>())).ThrowsAsync(new ConnectorException("Forbidden", 403));

        var ex = await Assert.ThrowsAsync<Proactive.AppInstallPendingException>(() => messenger.SendCardAsync(Person, Card, CancellationToken.None));

        Assert.Contains("did not open the chat yet", ex.Message, StringComparison.Ordinal);
    }
}
