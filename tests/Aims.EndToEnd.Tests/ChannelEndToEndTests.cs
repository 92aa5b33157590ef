using System.Net;
using System.Net.Http.Json;

namespace Aims.EndToEnd.Tests;

/// <summary>The channel through the real Agents Playground and the DevHost: help, an Action.Execute press, a proactive message.</summary>
public sealed class ChannelEndToEndTests(LocalStack stack) : IClassFixture<LocalStack>
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";

    [Fact]
    public async Task Install_help_card_action_and_proactive_notification_work_through_the_playground()
    {
        // A first open installs the app: the bot remembers the chat and welcomes the person.
        using (var install = await stack.Playground.PostAsJsonAsync(new Uri($"_debug/conversation/{stack.PersonalChatId}/installation", UriKind.Relative), new { }))
        {
            Assert.True(install.IsSuccessStatusCode, await install.Content.ReadAsStringAsync());
        }

        await stack.WaitForFrameAsync(f => f.CardContains("Welcome to AIMS"), "the welcome card");

        // "help" answers the help card listing what Alex may do.
        using (var sent = await stack.SendTextAsync("help"))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var help = await stack.WaitForFrameAsync(f => f.Action == "createMessage" && f.CardContains("AIMS: what you can do"), "the help card");
        Assert.True(help.CardContains("Alex Wilber"), help.Raw);
        Assert.True(help.CardContains("AimsManager"), help.Raw);
        Assert.NotNull(help.MessageId);

        // Pressing the card's Action.Execute answers an updated card for the presser.
        var updated = await stack.InvokeAsync(help.MessageId!, "profile.roles", new { });
        Assert.Equal("application/vnd.microsoft.card.adaptive", updated.GetProperty("type").GetString());
        var card = updated.GetProperty("value").GetRawText();
        Assert.Contains("Roles of Alex Wilber", card, StringComparison.Ordinal);
        Assert.Contains("Checked with the directory", card, StringComparison.Ordinal);

        // A proactive 1:1 message: the AIMS manager's notification goes through the queue to the person's chat.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/notifications", UriKind.Relative))
        {
            Content = JsonContent.Create(new { recipients = new[] { Alex }, title = "Policy update 2026-11", text = "The AI policy v3 is out. [not a link](http://x)" }),
        };
        request.Headers.Add("X-Aims-User", Alex);
        using var accepted = await stack.Bot.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var notice = await stack.WaitForFrameAsync(f => f.CardContains("Policy update 2026-11"), "the proactive notification");
        Assert.Equal(stack.PersonalChatId, notice.ConversationId);
        Assert.True(notice.CardContains("[not a link](http://x)"), "user text travels in a TextRun, verbatim and without markdown: " + notice.Raw);
    }

    [Fact]
    public async Task A_person_who_never_opened_the_app_is_reached_through_the_roster_of_a_team_where_it_is_installed()
    {
        const string Adele = "00000000-0000-0000-0000-0000000000022";
        using (var install = await stack.Playground.PostAsJsonAsync(new Uri("_debug/conversation/team-id/installation", UriKind.Relative), new { }))
        {
            Assert.True(install.IsSuccessStatusCode, await install.Content.ReadAsStringAsync());
        }

        // The install reaches the bot asynchronously; retry the notice until the roster is known, as an AIMS manager would.
        BotPost? notice = null;
        for (var attempt = 0; attempt < 10 && notice is null; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/notifications", UriKind.Relative))
            {
                Content = JsonContent.Create(new { recipients = new[] { Adele }, title = $"Leadership notice {attempt}", text = "Quarterly review on Friday." }),
            };
            request.Headers.Add("X-Aims-User", Alex);
            using var accepted = await stack.Bot.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            try
            {
                notice = await stack.WaitForBotPostAsync(p => p.Contains($"Leadership notice {attempt}"), "the notice to Adele", TimeSpan.FromSeconds(3));
            }
            catch (TimeoutException)
            {
            }
        }

        Assert.NotNull(notice);
        Assert.Equal("user-id-2", notice!.RecipientId);
        Assert.Contains("From Alex Wilber", notice.Activity.GetRawText(), StringComparison.Ordinal);
        Assert.NotEqual(stack.PersonalChatId, notice!.ConversationId);
    }
}
