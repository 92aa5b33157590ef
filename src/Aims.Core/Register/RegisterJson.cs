using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aims.Core.Register;

/// <summary>JSON of register data (API, storage, evidence payloads): camelCase, enums by name, dates as yyyy-MM-dd.</summary>
public static class RegisterJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        o.Converters.Add(new JsonStringEnumConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
