using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MyElectricalData.Tests.Harness;

/// <summary>A signed-up user of the gateway, with what a test needs to call the API as them.</summary>
public sealed record TestUser(string Email, string Password, string ClientId, string ClientSecret)
{
    public string BasicCredentials => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
}

/// <summary>Small helpers over the API's HTTP contract (snake_case JSON, the envelope).</summary>
public static class GatewayClient
{
    public const string StrongPassword = "Linky-Test-2026";

    public static string UniqueEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.org";

    public static async Task<TestUser> SignUpAsync(this AppHostFixture fixture, string? email = null, string password = StrongPassword)
    {
        using var client = fixture.CreateHttpClient("api");
        email ??= UniqueEmail();
        using var response = await client.PostAsJsonAsync("/api/accounts/signup", new { email, password });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
        return new TestUser(email, password, data.GetProperty("client_id").GetString()!, data.GetProperty("client_secret").GetString()!);
    }

    /// <summary>A client that authenticates with the user's client_secret as a bearer token.</summary>
    public static HttpClient ClientFor(this AppHostFixture fixture, TestUser user)
    {
        var client = fixture.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.ClientSecret);
        return client;
    }

    /// <summary>A client holding the session cookie set by /api/accounts/login.</summary>
    public static async Task<HttpClient> LoggedInClientAsync(this AppHostFixture fixture, string email, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() })
        {
            BaseAddress = fixture.App.GetEndpoint("api"),
        };
        using var response = await client.PostAsJsonAsync("/api/accounts/login", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return client;
    }

    public static async Task<JsonElement> ReadEnvelopeAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            throw new ShouldAssertException($"{(int)response.StatusCode} with a body that is not JSON: {text}");
        }
        root.TryGetProperty("success", out var success).ShouldBeTrue($"no envelope: {text}");
        root.TryGetProperty("timestamp", out _).ShouldBeTrue($"no timestamp: {text}");
        success.GetBoolean().ShouldBe(response.IsSuccessStatusCode, text);
        return root;
    }

    public static async Task<JsonElement> DataAsync(this HttpResponseMessage response) => (await response.ReadEnvelopeAsync()).GetProperty("data");

    /// <summary>Asserts the envelope error's status and code; returns the error object.</summary>
    public static async Task<JsonElement> ShouldFailWithAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var root = await response.ReadEnvelopeAsync();
        response.StatusCode.ShouldBe(status, root.ToString());
        var error = root.GetProperty("error");
        error.GetProperty("code").GetString().ShouldBe(code, root.ToString());
        error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        return error;
    }

    public static async Task<Guid> CreatePdlAsync(this HttpClient client, string usagePointId, string? name = null)
    {
        using var response = await client.PostAsJsonAsync("/api/pdl", new { usage_point_id = usagePointId, name });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.DataAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// A PDL bound to the caller's own consent, as a person gets one: the dashboard's "Consentement Enedis" URL, "Accepter"
    /// on the sandbox's consent page for <paramref name="usagePointId"/>, and the callback. Returns the PDL's id.
    /// </summary>
    public static async Task<Guid> CreateConsentedPdlAsync(this HttpClient client, string usagePointId, string? name = null)
    {
        (await client.ConsentAsync(usagePointId)).ShouldBe("success");
        var pdls = await (await client.GetAsync("/api/pdl")).DataAsync();
        var id = pdls.EnumerateArray().Single(p => p.GetProperty("usage_point_id").GetString() == usagePointId).GetProperty("id").GetGuid();
        if (name is not null)
        {
            using var renamed = await client.PatchAsJsonAsync($"/api/pdl/{id}/name", new { name });
            renamed.StatusCode.ShouldBe(HttpStatusCode.OK, await renamed.Content.ReadAsStringAsync());
        }
        return id;
    }

    /// <summary>The consent round trip for the caller; "success" or the consent_error code the dashboard received.</summary>
    public static async Task<string> ConsentAsync(this HttpClient client, params string[] usagePointIds)
    {
        var callback = await client.ConsentCallbackAsync(usagePointIds);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var landing = await browser.GetAsync(callback);
        landing.StatusCode.ShouldBe(HttpStatusCode.Redirect, await landing.Content.ReadAsStringAsync());
        var result = System.Web.HttpUtility.ParseQueryString(landing.Headers.Location!.Query);
        return result["consent_success"] == "true" ? "success" : result["consent_error"] ?? "no result";
    }

    /// <summary>
    /// Where the sandbox's consent page sends the browser after "Accepter" for <paramref name="usagePointIds"/>: the gateway's
    /// callback with a real (single-use) code and the caller's state, not yet followed.
    /// </summary>
    public static async Task<Uri> ConsentCallbackAsync(this HttpClient client, params string[] usagePointIds)
    {
        using var authorize = await client.GetAsync("/api/oauth/authorize");
        var url = (await authorize.DataAsync()).GetProperty("authorize_url").GetString()!;
        var decision = url.Replace("/authorize?", "/authorize/decision?", StringComparison.Ordinal)
            + "&decision=accept&usage_points=" + string.Join(";", usagePointIds);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var accepted = await browser.GetAsync(decision);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await accepted.Content.ReadAsStringAsync());
        return accepted.Headers.Location!;
    }

    private static int _usagePointSequence = Random.Shared.Next(1_000_000);

    /// <summary>A usage point id no other test uses (they are unique across the gateway).</summary>
    public static string UniqueUsagePointId() =>
        $"5{Environment.ProcessId % 1000:000}{Interlocked.Increment(ref _usagePointSequence) % 10_000_000_000:0000000000}";
}
