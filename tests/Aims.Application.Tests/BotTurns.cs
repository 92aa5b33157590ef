using System.Text.Json;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Moq;

namespace Aims.Application.Tests;

/// <summary>Validated-looking activities for tests that drive commands and card presses without Teams.</summary>
internal static class BotTurns
{
    private const string ServiceUrl = "http://127.0.0.1:9/_connector";

    /// <summary>Runs a bot command as <paramref name="user"/> with <paramref name="roles"/>; returns the cards it sent, as JSON.</summary>
    public static async Task<IReadOnlyList<string>> RunCommandAsync(IBotCommand command, string user, AimsRole[] roles, string arguments)
    {
        var sent = new List<Activity>();
        var connector = new Mock<IConnectorClient>();
        connector.Setup(c => c.SendToConversationAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .Callback<Uri, string, Activity, CancellationToken>((_, _, a, _) => sent.Add(a))
            .ReturnsAsync(new ResourceResponse { Id = "sent-1" });
        var activity = new Activity
        {
            Type = "message",
            Id = "act-1",
            ServiceUrl = ServiceUrl,
            ChannelId = "msteams",
            From = new ChannelAccount { Id = "user", Name = "User", AadObjectId = user },
            Recipient = new ChannelAccount { Id = "bot", Name = "AIMS" },
            Conversation = new ConversationAccount { Id = "conv-1", ConversationType = "personal", TenantId = "t" },
            Text = command.Name + " " + arguments,
        };
        var turn = new TurnContext(activity, new Uri(activity.ServiceUrl!), connector.Object, CancellationToken.None);
        await command.HandleAsync(new CommandContext(turn, turn.Actor!, new RoleAssignment(user, roles.ToHashSet(), new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero), false)), arguments);
        return [.. sent.Select(a => ((AdaptiveCard)Assert.Single(a.Attachments!).Content!).ToJson())];
    }

    /// <summary>An <c>adaptiveCard/action</c> invoke pressed by <paramref name="actor"/>; the same activity id twice is a Teams retry.</summary>
    public static Activity Press(string actor, string verb, object data, string? activityId = null) => new()
    {
        Type = "invoke",
        Name = "adaptiveCard/action",
        Id = activityId ?? "act-" + Guid.NewGuid().ToString("N"),
        ServiceUrl = ServiceUrl,
        ChannelId = "msteams",
        From = new ChannelAccount { Id = "29:" + actor, Name = "Someone", AadObjectId = actor },
        Recipient = new ChannelAccount { Id = "bot", Name = "AIMS" },
        Conversation = new ConversationAccount { Id = "conv-" + actor, ConversationType = "personal", TenantId = "t" },
        Value = JsonSerializer.SerializeToElement(new { action = new { type = "Action.Execute", verb, data }, trigger = "manual" }),
    };

    /// <summary>The typeahead's <c>application/search</c> invoke as Teams sends it while <paramref name="actor"/> types in a picker.</summary>
    public static Activity Search(string? actor, string dataset, string? queryText, int skip = 0, int top = 15) => new()
    {
        Type = "invoke",
        Name = "application/search",
        Id = "act-" + Guid.NewGuid().ToString("N"),
        ServiceUrl = ServiceUrl,
        ChannelId = "msteams",
        From = new ChannelAccount { Id = "29:" + (actor ?? "guest"), Name = "Someone", AadObjectId = actor },
        Recipient = new ChannelAccount { Id = "bot", Name = "AIMS" },
        Conversation = new ConversationAccount { Id = "conv-" + (actor ?? "guest"), ConversationType = "personal", TenantId = "t" },
        Value = JsonSerializer.SerializeToElement(new { queryText, dataset, queryOptions = new { skip, top } }),
    };
}
