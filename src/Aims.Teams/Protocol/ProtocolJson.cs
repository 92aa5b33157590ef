using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aims.Teams.Protocol;

/// <summary>The one set of JSON options for everything that crosses the Bot Connector wire.</summary>
public static class ProtocolJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Keep non-ASCII text readable in cards; escaping for HTML contexts is not needed in JSON bodies.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        // Cards inside activities and invoke responses are fitted to Teams' size budget on the way out.
        options.Converters.Add(new Cards.CardBudgetConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
