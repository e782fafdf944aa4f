using System.Text;
using System.Text.Json;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Security;

/// <summary>
/// Malformed JSON, wrong types, empty and huge bodies, wrong content types and bad ids: never a 5xx, always the
/// envelope (on the legacy v1 routes, their <c>{"error","description"}</c> body).
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class BadInputTests(AppHostFixture fixture)
{
    [Fact]
    public async Task EveryEndpointAnswersBadInputWithAClientErrorAndTheEnvelope()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.ClientFor(user);
        var pdlId = await client.CreateConsentedPdlAsync(GatewayClient.UniqueUsagePointId());
        // The legacy v1 routes (root paths) are covered too, with their own error body.
        var operations = (await ApiSurface.ReadAsync(fixture)).Where(o => o.Path.StartsWith('/') && !o.Path.StartsWith("/openapi", StringComparison.Ordinal)).ToList();
        var failures = new List<string>();

        foreach (var operation in operations)
        {
            foreach (var (label, path, content) in Variants(operation, pdlId))
            {
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path) { Content = content };
                // As a well-behaved uploader does: a refused body is then never sent (otherwise the server closes mid-upload).
                request.Headers.ExpectContinue = label == "huge body";
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (!IsCleanRejection(operation, response, body))
                {
                    failures.Add($"{operation} [{label}] -> {(int)response.StatusCode}: {body}");
                }
            }
        }

        operations.Count.ShouldBeGreaterThan(30);
        failures.ShouldBeEmpty();
    }

    private static IEnumerable<(string Label, string Path, HttpContent? Content)> Variants(ApiOperation operation, Guid pdlId)
    {
        var valid = Substitute(operation.Path, pdlId.ToString());
        if (operation.PathParameters.Any())
        {
            yield return ("id not a guid", Substitute(operation.Path, "not-a-guid"), Json("{}"));
            yield return ("id unknown", Substitute(operation.Path, Guid.Empty.ToString()), Json("{}"));
            yield return ("id huge", Substitute(operation.Path, new string('9', 5000)), Json("{}"));
        }
        if (!operation.HasBody || operation.Path == "/api/accounts/token")
        {
            yield break;
        }
        yield return ("malformed json", valid, Json("{\"email\": "));
        yield return ("not an object", valid, Json("[1, 2, 3]"));
        yield return ("empty body", valid, Json(""));
        yield return ("wrong types", valid, Json(WrongTypes(operation)));
        yield return ("huge body", valid, Json("{\"name\": \"" + new string('x', 200_000) + "\"}"));
        yield return ("text/plain", valid, new StringContent("{}", Encoding.UTF8, "text/plain"));
    }

    /// <summary>Every property the request schema names, set to a value of the wrong type.</summary>
    private static string WrongTypes(ApiOperation operation)
    {
        var names = new HashSet<string>(["email", "password", "name", "usage_point_id", "is_active", "has_production", "subscribed_power", "pdl_orders", "role_id", "permission_ids"]);
        var text = operation.Operation.GetProperty("requestBody").ToString();
        foreach (var word in text.Split('"').Where(w => w.Length > 1 && w.All(c => char.IsLower(c) || c == '_')))
        {
            names.Add(word);
        }
        return JsonSerializer.Serialize(names.ToDictionary(n => n, n => (object)(n.StartsWith("is_", StringComparison.Ordinal) || n.StartsWith("has_", StringComparison.Ordinal) ? "not-a-bool" : new { wrong = true })));
    }

    private static bool IsCleanRejection(ApiOperation operation, HttpResponseMessage response, string body)
    {
        if ((int)response.StatusCode >= 500)
        {
            return false;
        }
        if (response.StatusCode == System.Net.HttpStatusCode.RequestUriTooLong)
        {
            // Three 5,000-digit path parameters (legacy routes) exceed Kestrel's request-line limit: refused before the app runs.
            return true;
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            if (operation.Path == "/api/accounts/token")
            {
                return json.RootElement.TryGetProperty("error", out _) || response.IsSuccessStatusCode;
            }
            var root = json.RootElement;
            if (!operation.Path.StartsWith("/api", StringComparison.Ordinal))
            {
                return response.IsSuccessStatusCode || (root.TryGetProperty("error", out var code) && code.GetString() is { Length: > 0 }
                    && root.TryGetProperty("description", out _) && !root.TryGetProperty("success", out _));
            }
            if (!root.TryGetProperty("success", out var success) || !root.TryGetProperty("timestamp", out _))
            {
                return false;
            }
            return response.IsSuccessStatusCode
                ? success.GetBoolean()
                : !success.GetBoolean() && root.GetProperty("error").GetProperty("code").GetString() is { Length: > 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Substitute(string path, string value)
    {
        foreach (var segment in path.Split('/').Where(s => s.StartsWith('{')))
        {
            path = path.Replace(segment, value, StringComparison.Ordinal);
        }
        return path;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
