using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Tests.Harness;
using Xunit.Abstractions;

namespace MyElectricalData.Tests.Features.Security;

/// <summary>
/// Malformed JSON, wrong types, empty and huge bodies, wrong content types, bad ids, out-of-range dates, control characters
/// in bodies, forms, credentials, paths and queries, look-alike usage point ids: never a 5xx, always the envelope (on the
/// legacy v1 routes, their <c>{"error","description"}</c> body; on the token endpoint, OAuth2's).
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class BadInputTests(AppHostFixture fixture, ITestOutputHelper output)
{
    private const string TokenPath = "/api/accounts/token";

    /// <summary>Answers with a redirect to the dashboard carrying the result (Enedis sends the browser there), or a refusal.</summary>
    private const string ConsentCallbackPath = "/api/oauth/callback";

    private static readonly DateOnly Today = EnedisCalendar.Today(TimeProvider.System);

    /// <summary>What the probes fill path parameters with: the caller's own PDL, so that only the probed value is wrong.</summary>
    private sealed record Target(TestUser User, string UsagePointId, Guid PdlId);

    /// <summary>
    /// One request of the sweep. <paramref name="Refusal"/>: the status the probe must get, the value being never right (a 401
    /// where a 400 is due would hide a probe that broke the sweep's own credentials: a regenerated secret, a deleted account).
    /// <paramref name="AsAdmin"/>: sent by an admin, so that admin routes read their body instead of answering 403.
    /// </summary>
    private sealed record Probe(string Family, string Label, string Path, HttpContent? Content = null,
        AuthenticationHeaderValue? Authorization = null, int? Refusal = null, bool AsAdmin = false)
    {
        public bool NulInPath => Path.Split('?')[0].Contains("%00", StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryEndpointAnswersBadInputWithAClientErrorAndTheEnvelope()
    {
        var user = await fixture.SignUpAsync();
        using var client = NotFollowingRedirects(user);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        var pdlId = await client.CreateConsentedPdlAsync(usagePointId);
        using var admin = NotFollowingRedirects(await SignUpAdminAsync());
        var target = new Target(user, usagePointId, pdlId);
        // The legacy v1 routes (root paths) are covered too, with their own error body.
        var operations = (await ApiSurface.ReadAsync(fixture)).Where(o => o.Path.StartsWith('/') && !o.Path.StartsWith("/openapi", StringComparison.Ordinal)).ToList();
        var failures = new List<string>();
        var families = new SortedDictionary<string, int>(StringComparer.Ordinal);

        foreach (var operation in operations)
        {
            foreach (var probe in Probes(operation, target))
            {
                families[probe.Family] = families.GetValueOrDefault(probe.Family) + 1;
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), probe.Path) { Content = probe.Content };
                // As a well-behaved uploader does: a refused body is then never sent (otherwise the server closes mid-upload).
                request.Headers.ExpectContinue = probe.Label == "huge body";
                request.Headers.Authorization = probe.Authorization;
                using var response = await (probe.AsAdmin ? admin : client).SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (!IsCleanRejection(operation, probe, response, body) || (probe.Refusal is { } refusal && (int)response.StatusCode != refusal))
                {
                    failures.Add($"{operation} [{probe.Family}: {probe.Label}] -> {(int)response.StatusCode}: {body}");
                }
            }
        }

        var summary = $"{families.Values.Sum()} cases: " + string.Join(", ", families.Select(f => $"{f.Key} {f.Value}"));
        output.WriteLine(summary);
        using var stillSignedIn = await client.GetAsync("/api/accounts/me");
        if (!stillSignedIn.IsSuccessStatusCode)
        {
            failures.Add($"a probe took the sweep's own credentials away: GET /api/accounts/me -> {(int)stillSignedIn.StatusCode}");
        }
        operations.Count.ShouldBeGreaterThan(30);
        families.Values.Sum().ShouldBeGreaterThanOrEqualTo(300, summary);
        families.Keys.Count.ShouldBeGreaterThanOrEqualTo(12, summary);
        failures.ShouldBeEmpty(summary);
    }

    /// <summary>Routes that, when they succeed, take away what the sweep stands on (its account, credentials, PDL): they get only the probes that must fail.</summary>
    private static readonly string[] OwnAccountRoutes = ["DELETE /api/accounts/me", "POST /api/accounts/regenerate-secret", "DELETE /api/pdl/{id}"];

    private static IEnumerable<Probe> Probes(ApiOperation operation, Target target) =>
        AllProbes(operation, target).Where(p => p.Refusal is not null || !OwnAccountRoutes.Contains(operation.ToString()));

    private static IEnumerable<Probe> AllProbes(ApiOperation operation, Target target) =>
        PathIds(operation, target).Concat(Bodies(operation, target)).Concat(Dates(operation, target)).Concat(JsonControlCharacters(operation, target))
            .Concat(TokenForm(operation, target)).Concat(BasicCredentialsWithNul(operation, target)).Concat(QueryAndPathControlCharacters(operation, target))
            .Concat(LookAlikeUsagePointIds(operation, target)).Concat(LongStrings(operation, target)).Concat(WrongShapes(operation, target));

    /// <summary>The original sweep's malformed ids (every path parameter at once).</summary>
    private static IEnumerable<Probe> PathIds(ApiOperation operation, Target target)
    {
        if (!operation.PathParameters.Any())
        {
            yield break;
        }
        yield return new("path ids", "id not a guid", SubstituteAll(operation.Path, "not-a-guid"), Json("{}"));
        yield return new("path ids", "id unknown", SubstituteAll(operation.Path, Guid.Empty.ToString()), Json("{}"));
        yield return new("path ids", "id huge", SubstituteAll(operation.Path, new string('9', 5000)), Json("{}"));
    }

    /// <summary>The original sweep's malformed bodies.</summary>
    private static IEnumerable<Probe> Bodies(ApiOperation operation, Target target)
    {
        if (!IsJsonBody(operation))
        {
            yield break;
        }
        var valid = SubstituteAll(operation.Path, target.PdlId.ToString());
        yield return new("bodies", "malformed json", valid, Json("{\"email\": "));
        yield return new("bodies", "not an object", valid, Json("[1, 2, 3]"));
        yield return new("bodies", "empty body", valid, Json(""));
        yield return new("bodies", "wrong types", valid, Json(WrongTypes(operation)));
        yield return new("bodies", "huge body", valid, Json("{\"name\": \"" + new string('x', 200_000) + "\"}"));
        yield return new("bodies", "text/plain", valid, new StringContent("{}", Encoding.UTF8, "text/plain"));
    }

    /// <summary>Dates at DateOnly's ends on every data route (/api query or legacy path): a validation error, never an overflow.</summary>
    private static IEnumerable<Probe> Dates(ApiOperation operation, Target target)
    {
        var inPath = operation.PathParameters.Contains("start");
        if (!inPath && !operation.QueryParameters.Contains("start"))
        {
            yield break;
        }
        var recent = $"{Today.AddDays(-3):yyyy-MM-dd}";
        foreach (var (start, end) in new[] { ("9999-12-31", "9999-12-31"), ("0001-01-01", "0001-01-01"), ("0001-01-01", "9999-12-31"),
            (recent, "9999-12-31"), ("0001-01-01", recent), ("1999-12-31", recent), (recent, "2101-01-01") })
        {
            var path = inPath
                ? Fill(operation, target, ("start", start), ("end", end))
                : $"{Fill(operation, target)}?start={start}&end={end}";
            yield return new("dates", $"start={start} end={end}", path, Refusal: 400);
        }
    }

    /// <summary>NUL and other control characters in every string field of every JSON body.</summary>
    private static IEnumerable<Probe> JsonControlCharacters(ApiOperation operation, Target target)
    {
        if (!IsJsonBody(operation))
        {
            yield break;
        }
        var path = Fill(operation, target);
        var asAdmin = IsAdminRoute(operation);
        // A property the body does not have is skipped unread: only a schema's own string fields must be refused.
        int? refusal = operation.StringFields.Count > 0 ? 400 : null;
        foreach (var field in FieldsToProbe(operation))
        {
            yield return new("json control characters", $"{field} with NUL", path, Json(JsonSerializer.Serialize(new Dictionary<string, string> { [field] = "a\0b" })),
                Refusal: refusal, AsAdmin: asAdmin);
        }
        foreach (var control in new[] { '\u0001', '\u0009', '\u000A', '\u001B', '\u001F', '\u007F' })
        {
            var body = FieldsToProbe(operation).ToDictionary(f => f, f => $"x{control}y");
            yield return new("json control characters", $"every string with U+{(int)control:X4}", path, Json(JsonSerializer.Serialize(body)), Refusal: refusal, AsAdmin: asAdmin);
        }
        yield return new("json control characters", "dictionary key with NUL", path, Json("{\"a\\u0000b\": \"x\"}"), AsAdmin: asAdmin);
    }

    /// <summary>The token endpoint's form: a control character in any field is invalid_request (OAuth2 body).</summary>
    private static IEnumerable<Probe> TokenForm(ApiOperation operation, Target target)
    {
        if (operation.Path != TokenPath)
        {
            yield break;
        }
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = target.User.ClientId,
            ["client_secret"] = target.User.ClientSecret,
        };
        foreach (var name in fields.Keys)
        {
            foreach (var control in new[] { "\0", "\u0001", "\n", "\u007F" })
            {
                var form = new Dictionary<string, string>(fields) { [name] = fields[name] + control };
                yield return new("token form", $"{name} + U+{(int)control[0]:X4}", TokenPath, new FormUrlEncodedContent(form), Refusal: 400);
            }
        }
        yield return new("token form", "extra field with NUL", TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["scope"] = "\0" }), Refusal: 400);
        yield return new("token form", "field name with NUL", TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["a\0b"] = "x" }), Refusal: 400);
        yield return new("token form", "raw %00 in the form", TokenPath,
            new StringContent($"grant_type=client_credentials&client_id=%00&client_secret={Uri.EscapeDataString(target.User.ClientSecret)}", Encoding.ASCII,
                "application/x-www-form-urlencoded"), Refusal: 400);
    }

    /// <summary>
    /// HTTP Basic credentials decoding to a NUL (raw or form-encoded, RFC 6749 §2.3.1) on every route: the authentication
    /// runs everywhere, so anonymous routes must survive it too; protected ones refuse it.
    /// </summary>
    private static IEnumerable<Probe> BasicCredentialsWithNul(ApiOperation operation, Target target)
    {
        var path = Fill(operation, target);
        var content = operation.Path == TokenPath
            ? new Dictionary<string, string> { ["grant_type"] = "client_credentials" }
            : null;
        int? refusal = operation.IsProtected || operation.Path == TokenPath ? 401 : null;
        var (id, secret) = (target.User.ClientId, target.User.ClientSecret);
        foreach (var (label, pair) in new[] { ("NUL in client_id", $"{id}\0:{secret}"), ("NUL in client_secret", $"{id}:{secret}\0"),
            ("%00 in client_id", $"{id}%00:{secret}"), ("only NUL", "\0:\0"), ("U+001B in client_id", $"\u001B{id}:{secret}") })
        {
            yield return new("basic credentials", label, path, content is null ? BodyFor(operation) : new FormUrlEncodedContent(content),
                new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair))), refusal);
        }
    }

    /// <summary>Control characters in the decoded query (names and values) and in every path parameter.</summary>
    private static IEnumerable<Probe> QueryAndPathControlCharacters(ApiOperation operation, Target target)
    {
        var path = Fill(operation, target);
        foreach (var encoded in new[] { "%00", "%01", "%0A", "%1B", "%7F", "a%00b" })
        {
            yield return new("query control characters", $"probe={encoded}", $"{path}?probe={encoded}", BodyFor(operation), Refusal: 400);
        }
        yield return new("query control characters", "NUL in a name", $"{path}?a%00b=1", BodyFor(operation), Refusal: 400);
        foreach (var name in operation.QueryParameters)
        {
            yield return new("query control characters", $"{name}=NUL", $"{path}?{name}=%00", BodyFor(operation), Refusal: 400);
        }
        foreach (var parameter in operation.PathParameters)
        {
            foreach (var encoded in new[] { "%00", "a%01b", "%7F" })
            {
                yield return new("path control characters", $"{parameter}={encoded}", Fill(operation, target, (parameter, encoded)), BodyFor(operation), Refusal: 400);
            }
        }
    }

    /// <summary>Digits of other scripts and a trailing newline are not a usage point id, in a path or a body.</summary>
    private static IEnumerable<Probe> LookAlikeUsagePointIds(ApiOperation operation, Target target)
    {
        string[] lookAlikes = ["٠١٢٣٤٥٦٧٨٩٠١٢٣", "०१२३४५६७८९०१२३", "０１２３４５６７８９０１２３", $"{target.UsagePointId}%0A", "12345678901234%0A", $"{target.UsagePointId}%0D%0A"];
        if (operation.PathParameters.Contains("usage_point_id"))
        {
            foreach (var id in lookAlikes)
            {
                yield return new("usage point ids", $"path {id}", Fill(operation, target, ("usage_point_id", id)), BodyFor(operation), Refusal: 400);
            }
        }
        if (operation.StringFields.Contains("usage_point_id"))
        {
            foreach (var id in lookAlikes.Select(Uri.UnescapeDataString))
            {
                yield return new("usage point ids", $"body {JsonSerializer.Serialize(id)}", Fill(operation, target),
                    Json(JsonSerializer.Serialize(new { usage_point_id = id, name = "look-alike" })), Refusal: 400);
            }
        }
    }

    /// <summary>Very long values: every string field at 10,000 characters (under the body limit), a 4,000-character query value.</summary>
    private static IEnumerable<Probe> LongStrings(ApiOperation operation, Target target)
    {
        var path = Fill(operation, target);
        yield return new("long strings", "4,000-character query value", $"{path}?{operation.QueryParameters.FirstOrDefault() ?? "probe"}={new string('q', 4000)}",
            BodyFor(operation));
        if (IsJsonBody(operation))
        {
            var body = FieldsToProbe(operation).ToDictionary(f => f, _ => new string('l', 10_000));
            yield return new("long strings", "every string 10,000 characters", path, Json(JsonSerializer.Serialize(body)), AsAdmin: IsAdminRoute(operation));
        }
    }

    /// <summary>Wrong-type values, nesting beyond the reader's depth, duplicate keys and a lone surrogate, on every JSON body.</summary>
    private static IEnumerable<Probe> WrongShapes(ApiOperation operation, Target target)
    {
        if (!IsJsonBody(operation))
        {
            yield break;
        }
        var path = Fill(operation, target);
        var asAdmin = IsAdminRoute(operation);
        var fields = operation.BodyFields.Count > 0 ? operation.BodyFields : ["name"];
        foreach (var (label, value) in new[] { ("null", "null"), ("number", "12345678901234567890"), ("array", "[\"a\", 1]"), ("true", "true"),
            ("object", "{\"a\": {}}"), ("huge number", "1e400") })
        {
            yield return new("wrong types", $"every field {label}", path, Json("{" + string.Join(", ", fields.Select(f => $"\"{f}\": {value}")) + "}"), AsAdmin: asAdmin);
        }
        var first = fields[0];
        yield return new("deep nesting", "2,000 nested arrays", path, Json($"{{\"{first}\": {new string('[', 2000)}{new string(']', 2000)}}}"), AsAdmin: asAdmin);
        yield return new("deep nesting", "500 nested objects", path,
            Json($"{{\"{first}\": {string.Concat(Enumerable.Repeat("{\"a\": ", 500))}1{new string('}', 500)}}}"), AsAdmin: asAdmin);
        yield return new("duplicate keys", "every field twice", path,
            Json("{" + string.Join(", ", fields.SelectMany(f => new[] { $"\"{f}\": \"dup-a\"", $"\"{f}\": \"dup-b\"" })) + "}"));
        yield return new("lone surrogate", "every string \\ud800", path,
            Json("{" + string.Join(", ", FieldsToProbe(operation).Select(f => $"\"{f}\": \"a\\ud800b\"")) + "}"), AsAdmin: asAdmin);
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

    private static bool IsCleanRejection(ApiOperation operation, Probe probe, HttpResponseMessage response, string body)
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
        if (response.StatusCode == System.Net.HttpStatusCode.BadRequest && body.Length == 0 && probe.NulInPath)
        {
            // Kestrel's path decoder refuses a NUL itself, before the app runs (a bare 400).
            return true;
        }
        if (operation.Path == ConsentCallbackPath && response.StatusCode == System.Net.HttpStatusCode.Redirect)
        {
            return response.Headers.Location is not null;
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (operation.Path == TokenPath)
            {
                // OAuth2's own body: {"error": "<code>", "error_description": "..."}.
                return response.IsSuccessStatusCode || (root.TryGetProperty("error", out var oauth) && oauth.ValueKind == JsonValueKind.String
                    && root.TryGetProperty("error_description", out _));
            }
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

    /// <summary>The caller's client_secret as a bearer token; redirects are answers here, not something to follow.</summary>
    private HttpClient NotFollowingRedirects(TestUser user)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.GetEndpoint("api") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.ClientSecret);
        return client;
    }

    /// <summary>An admin of its own (promoted in the database), so that admin routes read their bodies.</summary>
    private async Task<TestUser> SignUpAdminAsync()
    {
        var admin = await fixture.SignUpAsync();
        await using var db = await Database.OpenAsync(fixture);
        await db.ExecuteAsync("UPDATE users SET role_id = (SELECT id FROM roles WHERE name = 'admin') WHERE client_id = @p0", admin.ClientId);
        return admin;
    }

    private static bool IsJsonBody(ApiOperation operation) => operation.HasBody && operation.Path != TokenPath;

    private static bool IsAdminRoute(ApiOperation operation) => operation.Path.StartsWith("/api/admin", StringComparison.Ordinal);

    /// <summary>The string fields of the body schema (a made-up one when the schema names none, e.g. a body of ids).</summary>
    private static IReadOnlyList<string> FieldsToProbe(ApiOperation operation) => operation.StringFields.Count > 0 ? operation.StringFields : ["name"];

    private static HttpContent? BodyFor(ApiOperation operation) => operation.HasBody && operation.Path != TokenPath ? Json("{}") : null;

    /// <summary>The path with the caller's own values (usage point, PDL id, recent dates), then <paramref name="overrides"/>.</summary>
    private static string Fill(ApiOperation operation, Target target, params (string Name, string Value)[] overrides)
    {
        var path = operation.Path;
        foreach (var parameter in operation.PathParameters)
        {
            var value = overrides.FirstOrDefault(o => o.Name == parameter).Value ?? parameter switch
            {
                "usage_point_id" => target.UsagePointId,
                "start" => $"{Today.AddDays(-3):yyyy-MM-dd}",
                "end" => $"{Today.AddDays(-1):yyyy-MM-dd}",
                _ => target.PdlId.ToString(),
            };
            path = path.Replace("{" + parameter + "}", value, StringComparison.Ordinal);
        }
        return path;
    }

    private static string SubstituteAll(string path, string value)
    {
        foreach (var segment in path.Split('/').Where(s => s.StartsWith('{')))
        {
            path = path.Replace(segment, value, StringComparison.Ordinal);
        }
        return path;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
