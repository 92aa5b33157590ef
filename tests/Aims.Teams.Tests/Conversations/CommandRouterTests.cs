using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Moq;

namespace Aims.Teams.Tests.Conversations;

public sealed class CommandRouterTests
{
    private static IBotCommand Command(string name)
    {
        var mock = new Mock<IBotCommand>();
        mock.SetupGet(c => c.Name).Returns(name);
        return mock.Object;
    }

    private readonly CommandRouter _router = new([Command("risk"), Command("risks"), Command("my approvals"), Command("help")]);

    [Theory]
    [InlineData("help", "help", "")]
    [InlineData("  HeLp  ", "help", "")]
    [InlineData("risk R-12", "risk", "R-12")]
    [InlineData("risks", "risks", "")]
    [InlineData("My   Approvals", "my approvals", "")]
    public void Matches_case_insensitively_with_the_longest_name_first(string text, string expected, string arguments)
    {
        var match = _router.Match(text);

        Assert.NotNull(match);
        Assert.Equal(expected, match!.Value.Command.Name);
        Assert.Equal(arguments, match.Value.Arguments);
    }

    [Theory]
    [InlineData("")]
    [InlineData("helpme")]
    [InlineData("riskier")]
    public void Does_not_match_other_words(string text) => Assert.Null(_router.Match(text));

    [Fact]
    public void Strips_the_bot_mention_of_group_chats()
    {
        var activity = new Activity
        {
            Text = "<at>AIMS Bot</at> risk R-1",
            Recipient = new ChannelAccount { Id = "28:bot" },
            Entities = [new Entity { Type = "mention", Text = "<at>AIMS Bot</at>", Mentioned = new ChannelAccount { Id = "28:bot" } }],
        };

        Assert.Equal("risk R-1", CommandRouter.StripBotMention(activity));
    }

    [Fact]
    public void Keeps_mentions_of_other_people()
    {
        var activity = new Activity
        {
            Text = "risk <at>Megan</at>",
            Recipient = new ChannelAccount { Id = "28:bot" },
            Entities = [new Entity { Type = "mention", Text = "<at>Megan</at>", Mentioned = new ChannelAccount { Id = "29:megan" } }],
        };

        Assert.Equal("risk <at>Megan</at>", CommandRouter.StripBotMention(activity));
    }
}
