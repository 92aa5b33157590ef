using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Aims.Teams.Cards;

/// <summary>
/// An Adaptive Card, schema 1.5 (the newest Teams renders for bot-sent cards). Typed models only: no JSON is built by
/// string concatenation, and user text goes through <see cref="CardText"/> before it reaches a card.
/// </summary>
public sealed class AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-10)]
    public string Type => "AdaptiveCard";

    [JsonPropertyName("$schema")]
    [JsonPropertyOrder(-9)]
    public string Schema => "http://adaptivecards.io/schemas/adaptive-card.json";

    [JsonPropertyOrder(-8)]
    public string Version { get; init; } = "1.5";

    public string? FallbackText { get; init; }
    public string? Speak { get; init; }
    public IList<CardElement> Body { get; init; } = [];
    public IList<CardAction>? Actions { get; set; }
    public CardRefresh? Refresh { get; set; }

    [JsonPropertyName("msteams")]
    public TeamsCardProperties? MsTeams { get; set; } = new() { Width = "Full" };

    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? CardJson.Indented : CardJson.Options);

    public JsonNode ToJsonNode() => JsonSerializer.SerializeToNode(this, CardJson.Options)!;

    /// <summary>Size of the card on the wire, for Teams' message size limit.</summary>
    public int GetSizeInBytes() => JsonSerializer.SerializeToUtf8Bytes(this, CardJson.Options).Length;
}

/// <summary><c>refresh</c>: Teams re-asks the bot for a user-specific view for the listed users (at most 60).</summary>
public sealed class CardRefresh
{
    public const int MaxUserIds = 60;

    // Typed as the base so the "type" discriminator is written.
    public required CardAction Action { get; init; }
    public IList<string>? UserIds { get; init; }
}

public sealed class TeamsCardProperties
{
    public string? Width { get; set; }
    public IList<MentionEntity>? Entities { get; set; }
}

/// <summary>An @mention inside a card: <c>&lt;at&gt;name&lt;/at&gt;</c> in text plus this entity.</summary>
public sealed class MentionEntity
{
    public string Type => "mention";
    public required string Text { get; init; }
    public required MentionedAccount Mentioned { get; init; }
}

public sealed class MentionedAccount
{
    public required string Id { get; init; }
    public required string Name { get; init; }
}

public static class CardJson
{
    public static readonly JsonSerializerOptions Options = Create(false);
    public static readonly JsonSerializerOptions Indented = Create(true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        o.Converters.Add(new CardBudgetConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
