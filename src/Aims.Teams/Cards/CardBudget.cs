using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Aims.Teams.Cards;

/// <summary>
/// Keeps every card within Teams' size budget whatever the data: the longest texts are cut, with a visible marker, and as a
/// last resort trailing body elements give way to a line saying how many were left out. A card is never refused silently.
/// Applied by <see cref="CardBudgetConverter"/> wherever a card is serialised, so no sender can forget it.
/// </summary>
public static class CardBudget
{
    /// <summary>Bytes of card JSON; Teams accepts more, but 28 KB also fits Workflows and webhook posts.</summary>
    public const int MaxBytes = 28 * 1024;

    public const string CutMarker = "… (shortened to fit a Teams card)";

    private static readonly HashSet<string> TextKeys = new(StringComparer.Ordinal) { "text", "value", "title", "fallbackText" };

    internal static readonly JsonSerializerOptions Unbudgeted = CreateUnbudgeted();

    private static JsonSerializerOptions CreateUnbudgeted()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    public static int SizeOf(JsonNode card) => Encoding.UTF8.GetByteCount(card.ToJsonString(Unbudgeted));

    /// <summary>Shortens <paramref name="card"/> in place until it fits <paramref name="maxBytes"/>; true when anything was cut.</summary>
    public static bool Fit(JsonNode card, int maxBytes = MaxBytes)
    {
        ArgumentNullException.ThrowIfNull(card);
        var cut = false;
        for (var round = 0; round < 200 && SizeOf(card) > maxBytes; round++)
        {
            var candidates = Texts(card).Where(t => t.Value.Length > 120).ToList();
            if (candidates.Count == 0)
            {
                break;
            }

            var longest = candidates.MaxBy(t => t.Value.Length);

            var keep = Math.Max(80, longest.Value.Length / 2);
            longest.Parent[longest.Key] = longest.Value[..keep].TrimEnd() + CutMarker;
            cut = true;
        }

        if (SizeOf(card) > maxBytes && card["body"] is JsonArray body)
        {
            // Room for the line that says what was left out; parts go from the end, in proportion to the excess.
            var target = maxBytes - 256;
            var dropped = 0;
            for (var size = SizeOf(card); body.Count > 1 && size > target; size = SizeOf(card))
            {
                var perPart = Math.Max(1, size / body.Count);
                var remove = Math.Clamp(((size - target) / perPart) + 1, 1, body.Count - 1);
                for (var i = 0; i < remove; i++)
                {
                    body.RemoveAt(body.Count - 1);
                }

                dropped += remove;
            }

            if (dropped > 0)
            {
                body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = $"{dropped} more parts are not shown: the card would be larger than Teams allows.", ["wrap"] = true, ["isSubtle"] = true });
                cut = true;
            }
        }

        return cut;
    }

    private static IEnumerable<(JsonObject Parent, string Key, string Value)> Texts(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue v && TextKeys.Contains(key) && v.TryGetValue<string>(out var s))
                    {
                        yield return (obj, key, s);
                    }
                    else if (child is not null)
                    {
                        foreach (var t in Texts(child)) yield return t;
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        foreach (var t in Texts(child)) yield return t;
                    }
                }

                break;
        }
    }
}

/// <summary>Writes an <see cref="AdaptiveCard"/> fitted to <see cref="CardBudget.MaxBytes"/>. Cards are only ever written.</summary>
public sealed class CardBudgetConverter : JsonConverter<AdaptiveCard>
{
    public override AdaptiveCard Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Cards are built from typed models, never read back.");

    public override void Write(Utf8JsonWriter writer, AdaptiveCard value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var node = JsonSerializer.SerializeToNode(value, CardBudget.Unbudgeted)!;
        CardPlainText.Apply(node);
        CardBudget.Fit(node);
        node.WriteTo(writer, options);
    }
}
