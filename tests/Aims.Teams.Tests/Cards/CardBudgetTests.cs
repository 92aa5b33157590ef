using System.Text;
using System.Text.Json;
using Aims.Teams.Cards;
using Aims.Teams.Protocol;

namespace Aims.Teams.Tests.Cards;

/// <summary>No data can make a card larger than Teams' budget, and cutting is always visible.</summary>
public sealed class CardBudgetTests
{
    private static int WireSize(AdaptiveCard card) => Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(card, CardJson.Options));

    [Fact]
    public void A_card_within_the_budget_is_written_unchanged()
    {
        var card = new AdaptiveCard { FallbackText = "R-1", Body = [TextBlock.Plain("Risk R-1"), new FactSet { Facts = [new Fact("Owner", "Alex Wilber")] }] };

        var json = JsonSerializer.Serialize(card, CardJson.Options);

        Assert.Equal(JsonSerializer.Serialize(card, CardBudget.Unbudgeted), json);
        Assert.DoesNotContain(CardBudget.CutMarker, json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_two_hundred_thousand_character_field_is_cut_with_a_marker_and_the_card_fits()
    {
        var huge = new string('x', 200_000);
        var card = new AdaptiveCard
        {
            FallbackText = "Report NC-1",
            Body =
            [
                TextBlock.Plain("Report NC-1", weight: "Bolder"),
                new RichTextBlock { Inlines = [new TextRun { Text = huge }] },
                new FactSet { Facts = [new Fact("AI system", huge), new Fact("Kind", "Incident")] },
            ],
        };

        var json = JsonSerializer.Serialize(card, CardJson.Options);

        Assert.True(Encoding.UTF8.GetByteCount(json) <= CardBudget.MaxBytes, $"{json.Length} bytes");
        Assert.Contains(CardBudget.CutMarker, json, StringComparison.Ordinal);
        Assert.Contains("Report NC-1", json, StringComparison.Ordinal);
        Assert.Contains("Incident", json, StringComparison.Ordinal);
        Assert.Equal(card.GetSizeInBytes(), Encoding.UTF8.GetByteCount(json));
    }

    [Fact]
    public void Thousands_of_small_parts_give_way_to_a_line_saying_how_many_are_not_shown()
    {
        var card = new AdaptiveCard { Body = [.. Enumerable.Range(1, 3000).Select(i => (CardElement)TextBlock.Plain($"Risk R-{i}: a short line"))] };

        var json = JsonSerializer.Serialize(card, CardJson.Options);

        Assert.True(Encoding.UTF8.GetByteCount(json) <= CardBudget.MaxBytes, $"{json.Length} bytes");
        Assert.Contains("Risk R-1: a short line", json, StringComparison.Ordinal);
        Assert.Contains("more parts are not shown", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_inside_an_activity_is_fitted_on_the_bot_connector_wire_too()
    {
        var card = new AdaptiveCard { Body = [new RichTextBlock { Inlines = [new TextRun { Text = new string('y', 100_000) }] }] };
        var activity = new Activity { Type = ActivityTypes.Message, Attachments = [new Attachment { ContentType = AdaptiveCard.ContentType, Content = card }] };

        var json = JsonSerializer.Serialize(activity, ProtocolJson.Options);

        Assert.True(Encoding.UTF8.GetByteCount(json) < CardBudget.MaxBytes + 1024, $"{json.Length} bytes");
        Assert.Contains(CardBudget.CutMarker, json, StringComparison.Ordinal);
        Assert.True(WireSize(card) <= CardBudget.MaxBytes);
    }
}
