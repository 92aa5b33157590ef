using System.Globalization;
using System.Text.Json;

namespace Aims.EndToEnd.Tests;

/// <summary>
/// A newcomer's first day on a fresh demo, through the real Agents Playground prepared as <c>./aims dev</c> prepares it (the app
/// added to the Playground's team, nothing else): the first digest reaches Adele (top management) and Alex is told it was
/// delivered; the campaign form finds a group by typing part of its name and creates the campaign with it.
/// </summary>
public sealed class FirstDayEndToEndTests(LocalStack stack) : IClassFixture<LocalStack>
{
    [Fact]
    public async Task The_first_digest_on_a_fresh_demo_reaches_adele_and_the_requester_is_told_it_was_delivered()
    {
        using (await stack.SendTextAsync("digest")) { }

        var adele = await stack.WaitForBotPostAsync(p => p.RecipientId == "user-id-2" && p.Contains("Management review digest"), "the first digest to Adele", TimeSpan.FromSeconds(60));
        Assert.True(adele.Contains("review.acknowledge") && adele.Contains("review.decide") && adele.Contains("review.assign"), adele.Activity.GetRawText());
        var alex = await stack.WaitForFrameAsync(f => f.Action == "createMessage" && f.ConversationId == stack.PersonalChatId && f.CardContains("Management review digest") && f.CardContains("Sent to"),
            "the requester's copy saying where the digest went", TimeSpan.FromSeconds(60));
        Assert.True(alex.CardContains("Sent to 1 recipient."), alex.Raw);
        Assert.False(alex.CardContains("reached no one") || alex.CardContains("could not be reached"), alex.Raw);
        // The requester's copy carries no leadership buttons: Alex is not top management.
        Assert.False(alex.CardContains("review.acknowledge") || alex.CardContains("review.decide") || alex.CardContains("review.assign"), alex.Raw);
    }

    [Fact]
    public async Task The_campaign_form_finds_a_group_by_typing_part_of_its_name_and_the_campaign_takes_it()
    {
        using (await stack.SendTextAsync("campaign new")) { }
        var form = await stack.WaitForFrameAsync(f => f.Action == "createMessage" && f.CardContains("New training campaign") && f.CardContains("Data.Query"), "the campaign form");
        var formCard = form.Cards.Single();
        var picker = formCard.GetProperty("body").EnumerateArray().Single(e => e.TryGetProperty("id", out var id) && id.GetString() == "audienceGroupIds");
        var dataset = picker.GetProperty("choices.data").GetProperty("dataset").GetString()!;
        var formId = formCard.GetProperty("actions")[0].GetProperty("data").GetProperty("formId").GetString()!;

        // As the Teams client does while Alex types "scien" into the picker: the application/search invoke on that card, built
        // from the Playground's own activity for this chat (the Playground's client has no typeahead of its own).
        var answer = await stack.SendAsPlaygroundAsync(a =>
        {
            a["type"] = "invoke";
            a["name"] = "application/search";
            a["replyToId"] = form.MessageId;
            a["value"] = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(new { queryText = "scien", dataset, queryOptions = new { skip = 0, top = 15 } }));
        });

        Assert.Equal("application/vnd.microsoft.search.searchResponse", answer.GetProperty("type").GetString());
        var result = Assert.Single(answer.GetProperty("value").GetProperty("results").EnumerateArray());
        Assert.Equal("Data Science", result.GetProperty("title").GetString());
        var group = result.GetProperty("value").GetString()!;

        var confirm = await stack.InvokeAsync(form.MessageId!, "campaign.create", new
        {
            formId,
            title = "First day literacy " + formId,
            description = "What the data science team must know.",
            courseUrl = "https://learn.example/first-day",
            materialName = "Slides",
            materialVersion = "v1",
            statement = "I completed the first day training.",
            audienceGroupIds = group,
            dueDate = DateTime.UtcNow.AddDays(21).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        var card = confirm.GetProperty("value").GetRawText();
        Assert.Contains("Draft saved", card, StringComparison.Ordinal);
        Assert.Contains("3 people", card, StringComparison.Ordinal);
        Assert.Contains("g-data-science", card, StringComparison.Ordinal);
    }
}
