using System.Text.Json;
using System.Text.Json.Serialization;

namespace MyElectricalData.Api.Infrastructure;

/// <summary>
/// How the API reads and writes JSON, in one place: the framework's own results (<c>IResult</c>s, the error mapping) and
/// FastEndpoints' request binding and responses use the same options.
/// </summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions json)
    {
        // The existing frontend and clients speak snake_case (SPEC §4).
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        json.NumberHandling = JsonNumberHandling.Strict;
        // Control characters in any string of a body are a validation error naming the field (ControlCharacters).
        json.Converters.Add(new PlainTextJsonConverter());
    }
}
