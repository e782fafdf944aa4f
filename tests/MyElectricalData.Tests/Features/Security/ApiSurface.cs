using System.Text.Json;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Security;

/// <summary>One operation of the API as its OpenAPI document (generated from the endpoint data source) lists it.</summary>
public sealed record ApiOperation(string Method, string Path, bool IsProtected, bool HasBody, JsonElement Operation)
{
    public IEnumerable<string> PathParameters => Path.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'));

    public override string ToString() => $"{Method} {Path}";
}

public static class ApiSurface
{
    public static async Task<IReadOnlyList<ApiOperation>> ReadAsync(AppHostFixture fixture)
    {
        using var client = fixture.CreateHttpClient("api");
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var operations = new List<ApiOperation>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var element = operation.Value.Clone();
                operations.Add(new ApiOperation(operation.Name.ToUpperInvariant(), path.Name,
                    element.TryGetProperty("security", out var security) && security.GetArrayLength() > 0,
                    element.TryGetProperty("requestBody", out _), element));
            }
        }
        return operations;
    }
}
