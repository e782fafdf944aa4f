using System.Text.Json;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Security;

/// <summary>One operation of the API as its OpenAPI document (generated from the endpoint data source) lists it.</summary>
public sealed record ApiOperation(string Method, string Path, bool IsProtected, bool HasBody, JsonElement Operation)
{
    public IEnumerable<string> PathParameters => Path.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'));

    /// <summary>The query parameters the operation declares.</summary>
    public IReadOnlyList<string> QueryParameters { get; init; } = [];

    /// <summary>The top-level properties of the JSON request body, and which of them are strings.</summary>
    public IReadOnlyList<string> BodyFields { get; init; } = [];

    public IReadOnlyList<string> StringFields { get; init; } = [];

    public override string ToString() => $"{Method} {Path}";
}

public static class ApiSurface
{
    public static async Task<IReadOnlyList<ApiOperation>> ReadAsync(AppHostFixture fixture)
    {
        using var client = fixture.CreateHttpClient("api");
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var operations = new List<ApiOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var element = operation.Value.Clone();
                var body = element.TryGetProperty("requestBody", out var requestBody) ? BodyProperties(root, requestBody) : [];
                operations.Add(new ApiOperation(operation.Name.ToUpperInvariant(), path.Name,
                    element.TryGetProperty("security", out var security) && security.GetArrayLength() > 0,
                    element.TryGetProperty("requestBody", out _), element)
                {
                    QueryParameters = element.TryGetProperty("parameters", out var parameters)
                        ? [.. parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!)]
                        : [],
                    BodyFields = [.. body.Select(p => p.Name)],
                    StringFields = [.. body.Where(p => p.IsString).Select(p => p.Name)],
                });
            }
        }
        return operations;
    }

    private static List<(string Name, bool IsString)> BodyProperties(JsonElement root, JsonElement requestBody)
    {
        if (!requestBody.TryGetProperty("content", out var content) || !content.TryGetProperty("application/json", out var json)
            || !json.TryGetProperty("schema", out var schema) || !Resolve(root, schema).TryGetProperty("properties", out var properties))
        {
            return [];
        }
        return [.. properties.EnumerateObject().Select(p => (p.Name, IsString(Resolve(root, p.Value))))];
    }

    private static bool IsString(JsonElement schema) => schema.TryGetProperty("type", out var type) && type.ValueKind switch
    {
        JsonValueKind.String => type.GetString() == "string",
        JsonValueKind.Array => type.EnumerateArray().Any(t => t.GetString() == "string"),
        _ => false,
    };

    /// <summary>Follows a local <c>$ref</c> (<c>#/components/schemas/X</c>).</summary>
    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }
        var target = root;
        foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
        {
            target = target.GetProperty(segment);
        }
        return target;
    }
}
