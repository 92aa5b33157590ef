using System.Text.Json.Nodes;

namespace Aims.Teams.Cards;

/// <summary>
/// Keeps markdown escapes off the screen. Teams clients disagree on backslash escapes (some mobile clients show them), so text
/// that had to be escaped is not sent as markdown at all: a TextBlock whose text holds an escape becomes a RichTextBlock whose
/// TextRun carries the text as written (TextRuns are never read as markdown), and a FactSet with an escaped title or value
/// becomes a two-column Table of TextRuns. Text with nothing to escape stays as it was. Applied to the serialised card by
/// <see cref="CardBudgetConverter"/>, so every card gets it; the escaped forms stay in the models, the safe default when
/// something serialises a card another way.
/// </summary>
public static class CardPlainText
{
    public static void Apply(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject element && Replacement(element) is { } replacement)
                    {
                        array[i] = replacement;
                    }

                    Apply(array[i]);
                }

                break;
            case JsonObject obj:
                foreach (var (_, child) in obj.ToList())
                {
                    Apply(child);
                }

                break;
        }
    }

    private static JsonObject? Replacement(JsonObject element) => (string?)element["type"] switch
    {
        "TextBlock" when element["text"]?.GetValue<string>() is { } text && HasEscape(text) => RichText(element, text),
        "FactSet" when element["facts"] is JsonArray facts && facts.OfType<JsonObject>().Any(f => HasEscape(Text(f, "title")) || HasEscape(Text(f, "value"))) => Table(element, facts),
        _ => null,
    };

    private static bool HasEscape(string text) => !string.Equals(CardText.Unescape(text), text, StringComparison.Ordinal);

    private static string Text(JsonObject obj, string key) => obj[key]?.GetValue<string>() ?? string.Empty;

    private static JsonObject RichText(JsonObject block, string text)
    {
        var run = new JsonObject { ["type"] = "TextRun", ["text"] = CardText.Unescape(text) };
        foreach (var key in new[] { "size", "weight", "color", "isSubtle" })
        {
            if (block[key] is { } value)
            {
                run[key] = value.DeepClone();
            }
        }

        var rich = new JsonObject { ["type"] = "RichTextBlock" };
        CopyLayout(block, rich, "horizontalAlignment");
        rich["inlines"] = new JsonArray(run);
        return rich;
    }

    private static JsonObject Table(JsonObject factSet, JsonArray facts)
    {
        static JsonObject Cell(string text, bool title)
        {
            var run = new JsonObject { ["type"] = "TextRun", ["text"] = CardText.Unescape(text) };
            if (title)
            {
                run["weight"] = "Bolder";
            }

            return new JsonObject { ["type"] = "TableCell", ["items"] = new JsonArray(new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = new JsonArray(run) }) };
        }

        var table = new JsonObject { ["type"] = "Table" };
        CopyLayout(factSet, table);
        table["columns"] = new JsonArray(new JsonObject { ["width"] = 1 }, new JsonObject { ["width"] = 2 });
        table["firstRowAsHeader"] = false;
        table["showGridLines"] = false;
        table["rows"] = new JsonArray([.. facts.OfType<JsonObject>().Select(f => (JsonNode)new JsonObject
        {
            ["type"] = "TableRow",
            ["cells"] = new JsonArray(Cell(Text(f, "title"), title: true), Cell(Text(f, "value"), title: false)),
        })]);
        return table;
    }

    private static void CopyLayout(JsonObject from, JsonObject to, params string[] extra)
    {
        foreach (var key in new[] { "id", "spacing", "separator", "isVisible" }.Concat(extra))
        {
            if (from[key] is { } value)
            {
                to[key] = value.DeepClone();
            }
        }
    }
}
