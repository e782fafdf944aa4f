using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Security;

/// <summary>
/// Control characters (NUL above all: PostgreSQL refuses it in text) are refused where they come in, in the error body of
/// the route, and never reach the database.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class ControlCharacterTests(AppHostFixture fixture)
{
    [Theory]
    [InlineData("{0}\0:{1}")]
    [InlineData("{0}:{1}\0")]
    [InlineData("{0}%00:{1}")]
    public async Task NulInsideBasicCredentialsIsRefusedWithoutReachingTheDatabase(string pattern)
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.CreateHttpClient("api");
        var basic = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, user.ClientId, user.ClientSecret))));

        var before = DatabaseErrorsInTheLogs();

        using var me = await Send(client, HttpMethod.Get, "/api/accounts/me", basic);
        using var legacy = await Send(client, HttpMethod.Get, "/valid_access/12345678901234", basic);
        using var token = await Send(client, HttpMethod.Post, "/api/accounts/token", basic,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }));

        await me.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        (await JsonAsync(legacy, HttpStatusCode.Unauthorized)).GetProperty("error").GetString().ShouldBe("INVALID_TOKEN");
        (await JsonAsync(token, HttpStatusCode.Unauthorized)).GetProperty("error").GetString().ShouldBe("invalid_client");
        DatabaseErrorsInTheLogs().ShouldBe(before);
    }

    [Fact]
    public async Task ACookieOrBearerTokenWithAControlCharacterIsNoCredential()
    {
        using var client = fixture.CreateHttpClient("api");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/accounts/me");
        request.Headers.Add("Cookie", "access_token=a%00b");
        var before = DatabaseErrorsInTheLogs();

        using var cookie = await client.SendAsync(request);
        using var bearer = await Send(client, HttpMethod.Get, "/api/accounts/me", new AuthenticationHeaderValue("Bearer", "secret\u0001"));

        await cookie.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        bearer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        DatabaseErrorsInTheLogs().ShouldBe(before);
    }

    [Theory]
    [InlineData("/api/accounts/signup", "email", "{\"email\": \"a\\u0000@example.org\", \"password\": \"Linky-Test-2026\"}")]
    [InlineData("/api/accounts/login", "password", "{\"email\": \"someone@example.org\", \"password\": \"Linky\\u0000\"}")]
    [InlineData("/api/pdl", "name", "{\"usage_point_id\": \"12345678901234\", \"name\": \"Maison\\u001b[31m\"}")]
    [InlineData("/api/pdl", "usage_point_id", "{\"usage_point_id\": \"12345678901234\\n\"}")]
    public async Task AControlCharacterInAJsonStringIsAValidationErrorNamingTheField(string path, string field, string json)
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());

        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        var error = await response.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        error.GetProperty("field").GetString().ShouldBe(field);
        error.GetProperty("message").GetString()!.ShouldContain("caractère de contrôle");
    }

    [Theory]
    [InlineData("client_id")]
    [InlineData("client_secret")]
    [InlineData("grant_type")]
    public async Task NulInAFieldOfTheTokenFormIsAnInvalidRequest(string field)
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.CreateHttpClient("api");
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = user.ClientId,
            ["client_secret"] = user.ClientSecret,
        };
        form[field] += "\0";
        var before = DatabaseErrorsInTheLogs();

        using var response = await client.PostAsync("/api/accounts/token", new FormUrlEncodedContent(form));

        (await JsonAsync(response, HttpStatusCode.BadRequest)).GetProperty("error").GetString().ShouldBe("invalid_request");
        DatabaseErrorsInTheLogs().ShouldBe(before);
    }

    [Fact]
    public async Task AControlCharacterInThePathOrQueryIsRefusedInTheRoutesOwnErrorBody()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.ClientFor(user);

        using var query = await client.GetAsync("/api/oauth/verify-state?state=a%00b");
        // (A NUL in the path itself never reaches the app: Kestrel's path decoder answers a bare 400.)
        using var path = await client.GetAsync("/api/enedis/contract/%01");
        using var legacy = await client.GetAsync("/valid_access/1234567890123%1B");
        using var token = await client.PostAsync("/api/accounts/token?x=%7F", new FormUrlEncodedContent(new Dictionary<string, string>()));

        (await query.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR")).GetProperty("field").GetString().ShouldBe("state");
        (await path.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR")).GetProperty("field").GetString().ShouldBe("usage_point_id");
        var old = await JsonAsync(legacy, HttpStatusCode.BadRequest);
        old.EnumerateObject().Select(p => p.Name).ShouldBe(["error", "description"], ignoreOrder: true);
        old.GetProperty("error").GetString().ShouldBe("VALIDATION_ERROR");
        (await JsonAsync(token, HttpStatusCode.BadRequest)).GetProperty("error").GetString().ShouldBe("invalid_request");
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, AuthenticationHeaderValue authorization,
        HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = authorization;
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>
    /// What a NUL reaching PostgreSQL leaves behind: its error in the server's and the API's logs, counted since the topology
    /// started. A second witness only (the logs are collected asynchronously): the proof is the status, as a NUL that reached
    /// the database would have been a 500.
    /// </summary>
    private int DatabaseErrorsInTheLogs() =>
        fixture.Topology.Logs.All.Select(l => l.Text)
            .Count(t => t.Contains("invalid byte sequence", StringComparison.OrdinalIgnoreCase) || t.Contains("22021", StringComparison.Ordinal));
}
