using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MyElectricalData.Api.Infrastructure;

/// <summary>
/// The one rule on text a client sends: no C0 control character (U+0000–U+001F) nor DEL (U+007F), anywhere. No field
/// of the API is multi-line, PostgreSQL refuses NUL in text, and Enedis, Redis keys and the logs must never see them.
/// Every edge applies it before the value is used: JSON bodies (<see cref="PlainTextJsonConverter"/>), the decoded path
/// and query (<see cref="ControlCharacterGuard"/>), form fields and credentials (where they are read).
/// </summary>
public static class ControlCharacters
{
    private static readonly SearchValues<char> Forbidden = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), '\u007F']);

    public static bool In(ReadOnlySpan<char> text) => text.ContainsAny(Forbidden);

    public static ApiError Refused(string? field) => ApiError.Validation(field, field is null
        ? "La requête contient un caractère de contrôle."
        : $"'{field}' ne doit pas contenir de caractère de contrôle.");
}

/// <summary>A JSON string holding a control character; mapped to a validation error naming the field.</summary>
public sealed class ControlCharacterJsonException() : JsonException("A string holds a control character.");

/// <summary>
/// Every JSON string read from a request (property values and dictionary keys) refuses control characters; writing
/// is the serializer's own (dictionary key policy included).
/// </summary>
public sealed class PlainTextJsonConverter : JsonConverter<string?>
{
    private static readonly JsonConverter<string?> Default = JsonMetadataServices.StringConverter;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(Default.Read(ref reader, typeToConvert, options));

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => Default.Write(writer, value, options);

    public override string? ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(Default.ReadAsPropertyName(ref reader, typeToConvert, options));

    public override void WriteAsPropertyName(Utf8JsonWriter writer, [DisallowNull] string? value, JsonSerializerOptions options) =>
        Default.WriteAsPropertyName(writer, value, options);

    private static string? Checked(string? value) => value is not null && ControlCharacters.In(value) ? throw new ControlCharacterJsonException() : value;
}
