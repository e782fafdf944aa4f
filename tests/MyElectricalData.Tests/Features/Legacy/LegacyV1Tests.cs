using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MyElectricalData.Tests.Enedis;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Legacy;

/// <summary>
/// The legacy v1 routes as the old gateway's clients call them: the bare client_secret in Authorization,
/// Enedis-shaped bodies at the root, <c>{"error","description"}</c> on failure, served by the /api data path.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class LegacyV1Tests(AppHostFixture fixture)
{
    private static readonly DateOnly End = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);
    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Theory]
    [InlineData("daily_consumption", 30)]
    [InlineData("consumption_load_curve", 3)]
    [InlineData("daily_consumption_max_power", 30)]
    [InlineData("daily_production", 30)]
    [InlineData("production_load_curve", 3)]
    public async Task EachMeteringRouteAnswersTheOldShapeThenServesItFromTheCache(string route, int days)
    {
        var (_, client, usagePointId) = await ConsentedUserAsync();
        var path = $"/{route}/{usagePointId}/start/{End.AddDays(-days):yyyy-MM-dd}/end/{End:yyyy-MM-dd}";

        using var fresh = await client.GetAsync(path);
        var reading = await MeterReadingAsync(fresh, usagePointId);
        var callsAfterFirst = await SandboxCallsAsync(usagePointId);
        using var cached = await client.GetAsync(path + "/cache");
        var cachedReading = await MeterReadingAsync(cached, usagePointId);

        fresh.Headers.GetValues("X-Cache-Status").ShouldBe(["MISS"]);
        reading.GetProperty("interval_reading").GetArrayLength().ShouldBeGreaterThanOrEqualTo(days);
        callsAfterFirst.ShouldBeGreaterThan(0);
        cached.Headers.GetValues("X-Cache-Status").ShouldBe(["HIT"]);
        cachedReading.GetProperty("interval_reading").GetRawText().ShouldBe(reading.GetProperty("interval_reading").GetRawText());
        (await SandboxCallsAsync(usagePointId)).ShouldBe(callsAfterFirst);
    }

    [Theory]
    [InlineData("contracts", "customer")]
    [InlineData("addresses", "customer")]
    [InlineData("identity", "customer_id")]
    [InlineData("contact", "customer_id")]
    public async Task CustomerRoutesAnswerEnedisPayloadAsIsThenFromTheCache(string route, string rootProperty)
    {
        var (_, client, usagePointId) = await ConsentedUserAsync();

        using var fresh = await client.GetAsync($"/{route}/{usagePointId}");
        var body = await JsonBodyAsync(fresh, HttpStatusCode.OK);
        var calls = await SandboxCallsAsync(usagePointId);
        using var cached = await client.GetAsync($"/{route}/{usagePointId}/cache");
        var cachedBody = await JsonBodyAsync(cached, HttpStatusCode.OK);

        body.TryGetProperty(rootProperty, out _).ShouldBeTrue(body.ToString());
        body.TryGetProperty("success", out _).ShouldBeFalse(body.ToString());
        cached.Headers.GetValues("X-Cache-Status").ShouldBe(["HIT"]);
        cachedBody.GetRawText().ShouldBe(body.GetRawText());
        (await SandboxCallsAsync(usagePointId)).ShouldBe(calls);
    }

    [Fact]
    public async Task DeletingARangesCacheMakesTheNextCachedReadAMiss()
    {
        var (_, client, usagePointId) = await ConsentedUserAsync();
        var path = $"/daily_consumption/{usagePointId}/start/{End.AddDays(-10):yyyy-MM-dd}/end/{End:yyyy-MM-dd}/cache";
        (await client.GetAsync(path)).Headers.GetValues("X-Cache-Status").ShouldBe(["MISS"]);

        using var deleted = await client.DeleteAsync(path);
        var body = await JsonBodyAsync(deleted, HttpStatusCode.OK);
        using var again = await client.GetAsync(path);

        body.GetProperty("usage_point_id").GetString().ShouldBe(usagePointId);
        body.GetProperty("purge").GetBoolean().ShouldBeTrue();
        again.Headers.GetValues("X-Cache-Status").ShouldBe(["MISS"]);
    }

    [Fact]
    public async Task AnUnknownRawTokenIsUnauthorizedInTheOldErrorShape()
    {
        using var client = RawTokenClient("not-a-client-secret");

        using var response = await client.GetAsync($"/daily_consumption/{GatewayClient.UniqueUsagePointId()}/start/2025-01-01/end/2025-01-08");

        await ShouldFailWithAsync(response, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    [Fact]
    public async Task TheApiRoutesStillRefuseATokenWithoutScheme()
    {
        var user = await fixture.SignUpAsync();
        using var client = RawTokenClient(user.ClientSecret);

        using var response = await client.GetAsync("/api/pdl");

        await response.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    [Fact]
    public async Task TheOtherAuthenticationMethodsWorkOnLegacyRoutesToo()
    {
        var (user, _, usagePointId) = await ConsentedUserAsync();
        using var bearer = fixture.ClientFor(user);

        using var response = await bearer.GetAsync($"/valid_access/{usagePointId}");

        (await JsonBodyAsync(response, HttpStatusCode.OK)).GetProperty("valid").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task AnotherUsersUsagePointIsNotFoundAndNeverReachesEnedis()
    {
        var (_, _, usagePointId) = await ConsentedUserAsync();
        var intruder = await fixture.SignUpAsync();
        using var client = RawTokenClient(intruder.ClientSecret);
        // The owner's consent described the meter (contract, production): those calls are not the intruder's.
        var before = await SandboxCallsAsync(usagePointId);

        using var reading = await client.GetAsync($"/daily_consumption/{usagePointId}/start/{End.AddDays(-5):yyyy-MM-dd}/end/{End:yyyy-MM-dd}/cache");
        using var contract = await client.GetAsync($"/contracts/{usagePointId}");

        var error = await ShouldFailWithAsync(reading, HttpStatusCode.NotFound, "PDL_NOT_FOUND");
        error.ToString().ShouldNotContain(usagePointId);
        await ShouldFailWithAsync(contract, HttpStatusCode.NotFound, "PDL_NOT_FOUND");
        (await SandboxCallsAsync(usagePointId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("2025-13-01", "2025-01-08")]
    [InlineData("yesterday", "2025-01-08")]
    [InlineData("2025-01-08", "2025-01-01")]
    [InlineData("2025-01-01", "2099-01-01T00:00")]
    [InlineData("1990-01-01", "1990-02-01")]
    public async Task BadDatesAreBadRequestsInTheOldErrorShape(string start, string end)
    {
        var (_, client, usagePointId) = await ConsentedUserAsync(consent: false);

        using var response = await client.GetAsync($"/daily_consumption/{usagePointId}/start/{start}/end/{end}/cache");

        await ShouldFailWithAsync(response, HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task ALoadCurveOverSevenDaysIsRefusedAsTheOldApiDid()
    {
        var (_, client, usagePointId) = await ConsentedUserAsync(consent: false);

        using var response = await client.GetAsync($"/consumption_load_curve/{usagePointId}/start/{End.AddDays(-8):yyyy-MM-dd}/end/{End:yyyy-MM-dd}");

        await ShouldFailWithAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task PingAnswersWithoutAuthentication()
    {
        using var client = fixture.CreateHttpClient("api");

        using var response = await client.GetAsync("/ping");

        (await JsonBodyAsync(response, HttpStatusCode.OK)).GetProperty("status").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task AMeterAwaitingConsentIsNotValidAndItsDataIsRefusedInTheOldBody()
    {
        var (_, client, usagePointId) = await ConsentedUserAsync(consent: false);

        using var access = await client.GetAsync($"/valid_access/{usagePointId}");
        using var reading = await client.GetAsync($"/daily_consumption/{usagePointId}/start/{End.AddDays(-3):yyyy-MM-dd}/end/{End:yyyy-MM-dd}");
        var body = await JsonBodyAsync(access, HttpStatusCode.OK);

        body.GetProperty("valid").GetBoolean().ShouldBeFalse();
        body.GetProperty("information").GetString()!.ShouldContain("consentement");
        await ShouldFailWithAsync(reading, HttpStatusCode.Forbidden, "CONSENT_REQUIRED");
        (await SandboxCallsAsync(usagePointId)).ShouldBe(0);
    }

    [Fact]
    public async Task ValidAccessReportsConsentAndTodaysQuota()
    {
        var (_, client, usagePointId) = await ConsentedUserAsync();
        await client.GetAsync($"/daily_consumption/{usagePointId}/start/{End.AddDays(-3):yyyy-MM-dd}/end/{End:yyyy-MM-dd}");

        using var response = await client.GetAsync($"/valid_access/{usagePointId}");
        var body = await JsonBodyAsync(response, HttpStatusCode.OK);

        body.GetProperty("valid").GetBoolean().ShouldBeTrue();
        body.GetProperty("consent_expiration_date").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMonths(35));
        body.GetProperty("call_number").GetInt64().ShouldBe(1);
        body.GetProperty("quota_reached").GetBoolean().ShouldBeFalse();
        body.GetProperty("quota_limit").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task TheLegacyRoutesAreDocumentedUnderTheirOwnTag()
    {
        using var client = fixture.CreateHttpClient("api");
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        var operation = paths.GetProperty("/daily_consumption/{usage_point_id}/start/{start}/end/{end}/cache").GetProperty("get");

        operation.GetProperty("tags")[0].GetString().ShouldBe("Legacy v1");
        paths.TryGetProperty("/ping", out _).ShouldBeTrue();
        paths.TryGetProperty("/valid_access/{usage_point_id}", out _).ShouldBeTrue();
        paths.GetProperty("/contracts/{usage_point_id}/cache").TryGetProperty("delete", out _).ShouldBeTrue();
    }

    /// <summary>A user with a PDL (the sandbox produces for an even last digit) bound to their consent, or, when told, added by number and awaiting it.</summary>
    private async Task<(TestUser User, HttpClient Client, string UsagePointId)> ConsentedUserAsync(bool consent = true)
    {
        var user = await fixture.SignUpAsync();
        string usagePointId;
        do
        {
            usagePointId = GatewayClient.UniqueUsagePointId();
        }
        while ((usagePointId[^1] - '0') % 2 != 0);
        using (var api = fixture.ClientFor(user))
        {
            _ = consent ? await api.CreateConsentedPdlAsync(usagePointId) : await api.CreatePdlAsync(usagePointId);
        }
        return (user, RawTokenClient(user.ClientSecret), usagePointId);
    }

    private HttpClient RawTokenClient(string token)
    {
        var client = fixture.CreateHttpClient("api");
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        return client;
    }

    private async Task<int> SandboxCallsAsync(string usagePointId)
    {
        using var sandbox = fixture.CreateHttpClient("enedis-sandbox");
        var calls = await sandbox.GetFromJsonAsync<List<SandboxCall>>("/_sandbox/calls", SnakeCase) ?? [];
        return calls.Count(c => c.UsagePointId == usagePointId);
    }

    private static async Task<JsonElement> JsonBodyAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> MeterReadingAsync(HttpResponseMessage response, string usagePointId)
    {
        var body = await JsonBodyAsync(response, HttpStatusCode.OK);
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["meter_reading"], body.ToString());
        var reading = body.GetProperty("meter_reading");
        reading.GetProperty("usage_point_id").GetString().ShouldBe(usagePointId);
        reading.GetProperty("interval_reading")[0].TryGetProperty("value", out _).ShouldBeTrue();
        return reading;
    }

    private static async Task<JsonElement> ShouldFailWithAsync(HttpResponseMessage response, HttpStatusCode status, string? code)
    {
        var body = await JsonBodyAsync(response, status);
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["error", "description"], ignoreOrder: true, body.ToString());
        if (code is not null)
        {
            body.GetProperty("error").GetString().ShouldBe(code);
        }
        body.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace();
        return body;
    }
}
