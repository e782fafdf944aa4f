using System.Net;
using System.Text.Json;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Tests.Features.Security;
using MyElectricalData.Tests.Harness;
using StackExchange.Redis;

namespace MyElectricalData.Tests.Features.MeterData;

[Collection(AppHostCollection.Name)]
public sealed class ValidationAndQuotaTests(AppHostFixture fixture)
{
    private static readonly DateOnly Today = EnedisCalendar.Today(TimeProvider.System);

    [Theory]
    [InlineData("consumption/daily", "", "2026-01-01", "start")]
    [InlineData("consumption/daily", "2026-13-01", "2026-01-01", "start")]
    [InlineData("consumption/daily", "2026-01-10", "", "end")]
    [InlineData("consumption/daily", "2026-01-10", "2026-01-01", "end")]
    [InlineData("consumption/detail", "{-20}", "{-10}", "end")]
    public async Task MalformedOrInconsistentDatesAreRefusedNamingTheField(string route, string start, string end, string field)
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();

        using var response = await client.GetAsync($"/api/enedis/{route}/{usagePointId}?start={Resolve(start)}&end={Resolve(end)}");

        (await response.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR")).GetProperty("field").GetString().ShouldBe(field);
    }

    [Fact]
    public async Task AFarFutureDateIsAValidationErrorOnEveryDataRoute()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();
        var routes = (await ApiSurface.ReadAsync(fixture))
            .Where(o => o.QueryParameters.Contains("start") || o.PathParameters.Contains("start")).ToList();
        var answers = new List<string>();

        foreach (var route in routes)
        {
            var path = route.Path.Replace("{usage_point_id}", usagePointId, StringComparison.Ordinal);
            path = route.PathParameters.Contains("start")
                ? path.Replace("{start}", "9999-12-31", StringComparison.Ordinal).Replace("{end}", "9999-12-31", StringComparison.Ordinal)
                : $"{path}?start=9999-12-31&end=9999-12-31";
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), path));
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            // The envelope names the field; the legacy body carries the code only.
            var (code, field) = body.TryGetProperty("success", out _)
                ? (body.GetProperty("error").GetProperty("code").GetString(), body.GetProperty("error").GetProperty("field").GetString())
                : (body.GetProperty("error").GetString(), "start");
            answers.Add($"{route} {(int)response.StatusCode} {code} {field}");
        }

        routes.Count(r => r.Path.StartsWith("/api/enedis", StringComparison.Ordinal)).ShouldBe(7);
        routes.Count(r => !r.Path.StartsWith("/api", StringComparison.Ordinal)).ShouldBe(15);
        answers.ShouldAllBe(a => a.EndsWith(" 400 VALIDATION_ERROR start", StringComparison.Ordinal), string.Join("\n", answers));
    }

    [Theory]
    [InlineData("0001-01-01", "0001-01-01", "start")]
    [InlineData("1999-12-31", "{-1}", "start")]
    [InlineData("{-3}", "9999-12-31", "end")]
    [InlineData("{-3}", "2101-01-01", "end")]
    public async Task ADateOutsideTwoThousandToTwentyOneHundredIsAValidationErrorNamingTheField(string start, string end, string field)
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();

        using var response = await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={Resolve(start)}&end={Resolve(end)}");

        var error = await response.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        error.GetProperty("field").GetString().ShouldBe(field);
        error.GetProperty("message").GetString()!.ShouldContain("2000");
    }

    [Fact]
    public async Task DatesInTheFutureAreRefusedAsNotYetPublished()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();

        using var response = await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={Today:yyyy-MM-dd}&end={Today.AddDays(5):yyyy-MM-dd}");

        (await response.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR")).GetProperty("message").GetString()!.ShouldContain("J-1");
    }

    [Fact]
    public async Task DatesBeyondTheHistoryLimitAreTooOld()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();

        using var response = await client.GetAsync($"/api/enedis/consumption/detail/{usagePointId}?start={Today.AddYears(-3):yyyy-MM-dd}&end={Today.AddYears(-3).AddDays(3):yyyy-MM-dd}");

        await response.ShouldFailWithAsync(HttpStatusCode.BadRequest, "DATE_TOO_OLD");
    }

    [Fact]
    public async Task AnEndInTheFutureIsClampedToYesterday()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();

        var reading = (await (await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={Today.AddDays(-3):yyyy-MM-dd}&end={Today.AddDays(10):yyyy-MM-dd}")).DataAsync())
            .GetProperty("meter_reading");

        reading.GetProperty("end").GetString().ShouldBe($"{Today:yyyy-MM-dd}");
        reading.GetProperty("interval_reading").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task AStartEqualToTheEndIsThatSingleDay()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();
        var day = Today.AddDays(-4);

        var reading = (await (await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={day:yyyy-MM-dd}&end={day:yyyy-MM-dd}")).DataAsync())
            .GetProperty("meter_reading");

        reading.GetProperty("interval_reading").GetArrayLength().ShouldBe(1);
        reading.GetProperty("interval_reading")[0].GetProperty("date").GetString().ShouldBe($"{day:yyyy-MM-dd}");
    }

    [Fact]
    public async Task AnotherUsersMeterOrAnUnknownOneIsNotFound()
    {
        var (_, _, usagePointId, _) = await fixture.UserWithMeterAsync();
        using var other = fixture.ClientFor(await fixture.SignUpAsync());

        using var theirs = await other.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={Today.AddDays(-3):yyyy-MM-dd}&end={Today:yyyy-MM-dd}");
        using var malformed = await other.GetAsync($"/api/enedis/consumption/daily/123?start={Today.AddDays(-3):yyyy-MM-dd}&end={Today:yyyy-MM-dd}");

        await theirs.ShouldFailWithAsync(HttpStatusCode.NotFound, "PDL_NOT_FOUND");
        await malformed.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task EveryDataResponseCarriesTheQuotaHeaders()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();

        using var miss = await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={Today.AddDays(-3):yyyy-MM-dd}&end={Today:yyyy-MM-dd}");
        using var hit = await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={Today.AddDays(-3):yyyy-MM-dd}&end={Today:yyyy-MM-dd}");
        var stats = await (await client.GetAsync("/api/accounts/usage-stats")).DataAsync();

        miss.Headers.GetValues("X-RateLimit-Limit").Single().ShouldBe("50");
        miss.Headers.GetValues("X-RateLimit-Remaining").Single().ShouldBe("49");
        hit.Headers.GetValues("X-RateLimit-Limit").Single().ShouldBe("1000");
        hit.Headers.GetValues("X-RateLimit-Remaining").Single().ShouldBe("999");
        long.Parse(hit.Headers.GetValues("X-RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero).ToUnixTimeSeconds());
        stats.GetProperty("no_cache_requests").GetInt64().ShouldBe(1);
        stats.GetProperty("cached_requests").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task TheUncachedQuotaRefusesWithRetryAfterButCachedReadsGoOn()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();
        var cachedUrl = $"/api/enedis/consumption/daily/{usagePointId}?start={Today.AddDays(-3):yyyy-MM-dd}&end={Today:yyyy-MM-dd}";
        (await client.GetAsync(cachedUrl)).EnsureSuccessStatusCode();
        var userId = (await (await client.GetAsync("/api/accounts/me")).DataAsync()).GetProperty("id").GetGuid();
        await SetCounterAsync(userId, cached: false, 50);

        using var refused = await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={Today.AddDays(-30):yyyy-MM-dd}&end={Today.AddDays(-20):yyyy-MM-dd}");
        using var cached = await client.GetAsync(cachedUrl);

        await refused.ShouldFailWithAsync(HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        refused.Headers.RetryAfter!.Delta!.Value.ShouldBeLessThanOrEqualTo(TimeSpan.FromDays(1));
        refused.Headers.GetValues("X-RateLimit-Remaining").Single().ShouldBe("0");
        cached.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AReadRefusedByTheUncachedQuotaNeverReachesEnedis()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();
        var userId = (await (await client.GetAsync("/api/accounts/me")).DataAsync()).GetProperty("id").GetGuid();
        await SetCounterAsync(userId, cached: false, 50);
        var callsBefore = (await fixture.CallsForAsync(usagePointId)).Count;

        using var reading = await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={Today.AddDays(-30):yyyy-MM-dd}&end={Today.AddDays(-20):yyyy-MM-dd}");
        using var contract = await client.GetAsync($"/api/enedis/contract/{usagePointId}");

        await reading.ShouldFailWithAsync(HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        await contract.ShouldFailWithAsync(HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        (await fixture.CallsForAsync(usagePointId)).Count.ShouldBe(callsBefore);
    }

    [Fact]
    public async Task AdminsAreNotLimited()
    {
        await using (var db = await Database.OpenAsync(fixture))
        {
            await db.ExecuteAsync("DELETE FROM users WHERE email = @p0", AppHostFixture.AdminEmail);
        }
        var admin = await fixture.SignUpAsync(AppHostFixture.AdminEmail);
        using var client = fixture.ClientFor(admin);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        await client.CreateConsentedPdlAsync(usagePointId);
        var userId = (await (await client.GetAsync("/api/accounts/me")).DataAsync()).GetProperty("id").GetGuid();
        await SetCounterAsync(userId, cached: false, 50);

        using var response = await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={Today.AddDays(-3):yyyy-MM-dd}&end={Today:yyyy-MM-dd}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task SetCounterAsync(Guid userId, bool cached, int value)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString("redis"));
        await redis.GetDatabase().StringSetAsync($"quota:{userId:N}:{DateTime.UtcNow:yyyy-MM-dd}:{(cached ? "cached" : "no_cache")}", value, TimeSpan.FromHours(1));
    }

    private static string Resolve(string value) =>
        value.StartsWith('{') ? Today.AddDays(int.Parse(value.Trim('{', '}'), System.Globalization.CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : value;
}
