using System.Net;
using System.Web;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Tests.Harness;
using StackExchange.Redis;

namespace MyElectricalData.Tests.Features.MeterData;

/// <summary>The whole journey over HTTP: sign up, consent on the sandbox's page, read data (miss then hit), delete.</summary>
[Collection(AppHostCollection.Name)]
public sealed class DataJourneyTests(AppHostFixture fixture)
{
    [Fact]
    public async Task ConsentThenReadAYearThenAWeekOfLoadCurveThenDeleteThePdl()
    {
        var email = GatewayClient.UniqueEmail("journey");
        await fixture.SignUpAsync(email);
        using var client = await fixture.LoggedInClientAsync(email, GatewayClient.StrongPassword);
        string[] meters = [GatewayClient.UniqueUsagePointId(), GatewayClient.UniqueUsagePointId()];

        // The dashboard's "Consentement Enedis" button asks for the URL...
        var authorize = await (await client.GetAsync("/api/oauth/authorize")).DataAsync();
        var authorizeUrl = authorize.GetProperty("authorize_url").GetString()! + "&usage_points=" + string.Join(";", meters);
        // ...the browser opens Enedis' consent page and the user clicks "Accepter".
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await browser.GetStringAsync(authorizeUrl);
        page.ShouldContain("Accepter");
        using var decision = await browser.GetAsync(authorizeUrl.Replace("/authorize?", "/authorize/decision?", StringComparison.Ordinal) + "&decision=accept");
        decision.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var callback = decision.Headers.Location!;
        callback.AbsolutePath.ShouldBe("/api/oauth/callback");
        using var landing = await browser.GetAsync(callback);
        landing.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var result = HttpUtility.ParseQueryString(landing.Headers.Location!.Query);
        landing.Headers.Location!.AbsolutePath.ShouldBe("/dashboard");
        result["consent_success"].ShouldBe("true");
        result["pdl_count"].ShouldBe("2");
        result["created_count"].ShouldBe("2");

        var pdls = await (await client.GetAsync("/api/pdl")).DataAsync();
        pdls.EnumerateArray().Select(p => p.GetProperty("usage_point_id").GetString()).ShouldBe(meters, ignoreOrder: true);

        var today = EnedisCalendar.Today(TimeProvider.System);
        var year = $"start={today.AddDays(-365):yyyy-MM-dd}&end={today:yyyy-MM-dd}";
        var before = (await fixture.CallsForAsync(meters[0])).Count;
        using var miss = await client.GetAsync($"/api/enedis/consumption/daily/{meters[0]}?{year}");
        var afterMiss = (await fixture.CallsForAsync(meters[0])).Count;
        using var hit = await client.GetAsync($"/api/enedis/consumption/daily/{meters[0]}?{year}");
        var afterHit = (await fixture.CallsForAsync(meters[0])).Count;

        miss.Headers.GetValues("X-Cache-Status").Single().ShouldBe("MISS");
        (await miss.DataAsync()).GetProperty("meter_reading").GetProperty("interval_reading").GetArrayLength().ShouldBe(365);
        (afterMiss - before).ShouldBe(1);
        hit.Headers.GetValues("X-Cache-Status").Single().ShouldBe("HIT");
        (await hit.DataAsync()).GetProperty("meter_reading").GetProperty("interval_reading").GetArrayLength().ShouldBe(365);
        afterHit.ShouldBe(afterMiss, "the second read must not reach Enedis");

        using var week = await client.GetAsync($"/api/enedis/consumption/detail/{meters[0]}?start={today.AddDays(-8):yyyy-MM-dd}&end={today.AddDays(-1):yyyy-MM-dd}");
        var points = (await week.DataAsync()).GetProperty("meter_reading").GetProperty("interval_reading");
        points.GetArrayLength().ShouldBeInRange(7 * 48 - 2, 7 * 48 + 2);
        points[0].GetProperty("date").GetString().ShouldBe($"{today.AddDays(-8):yyyy-MM-dd} 00:00:00");

        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString("redis"));
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        server.Keys(pattern: $"*:{meters[0]}:*").ShouldNotBeEmpty();
        var id = pdls.EnumerateArray().Single(p => p.GetProperty("usage_point_id").GetString() == meters[0]).GetProperty("id").GetGuid();
        (await client.DeleteAsync($"/api/pdl/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Keys(pattern: $"*:{meters[0]}:*").ShouldBeEmpty();
    }

    [Fact]
    public async Task NoPlaintextMeterValueIsStoredInRedis()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();
        var today = EnedisCalendar.Today(TimeProvider.System);
        var data = await (await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={today.AddDays(-30):yyyy-MM-dd}&end={today:yyyy-MM-dd}")).DataAsync();
        var values = data.GetProperty("meter_reading").GetProperty("interval_reading").EnumerateArray().Select(r => r.GetProperty("value").GetString()!).ToList();

        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString("redis"));
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = server.Keys(pattern: $"*{usagePointId}*").ToList();
        keys.Count.ShouldBeGreaterThanOrEqualTo(30);
        foreach (var key in keys.Where(k => ((string)k!).StartsWith("consumption:", StringComparison.Ordinal)))
        {
            var stored = (byte[])(await redis.GetDatabase().StringGetAsync(key))!;
            var text = System.Text.Encoding.Latin1.GetString(stored);
            values.ShouldAllBe(v => !text.Contains(v, StringComparison.Ordinal));
            text.ShouldNotContain("interval", Case.Insensitive);
        }
    }

    [Fact]
    public async Task OverlappingRangesFetchOnlyTheMissingDays()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();
        var today = EnedisCalendar.Today(TimeProvider.System);

        (await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={today.AddDays(-20):yyyy-MM-dd}&end={today.AddDays(-10):yyyy-MM-dd}")).EnsureSuccessStatusCode();
        using var overlapping = await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={today.AddDays(-15):yyyy-MM-dd}&end={today.AddDays(-5):yyyy-MM-dd}");
        var calls = await fixture.CallsForAsync(usagePointId, SandboxClient.DailyConsumption);

        overlapping.Headers.GetValues("X-Cache-Status").Single().ShouldBe("PARTIAL");
        (await overlapping.DataAsync()).GetProperty("meter_reading").GetProperty("interval_reading").GetArrayLength().ShouldBe(10);
        calls.Count.ShouldBe(2);
        calls[1].GetProperty("start").GetString().ShouldBe($"{today.AddDays(-10):yyyy-MM-dd}");
        calls[1].GetProperty("end").GetString().ShouldBe($"{today.AddDays(-5):yyyy-MM-dd}");
    }

    [Fact]
    public async Task ConcurrentIdenticalMissesShareOneUpstreamCall()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();
        var today = EnedisCalendar.Today(TimeProvider.System);
        var url = $"/api/enedis/consumption/daily/{usagePointId}?start={today.AddDays(-60):yyyy-MM-dd}&end={today:yyyy-MM-dd}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetAsync(url)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await fixture.CallsForAsync(usagePointId, SandboxClient.DailyConsumption)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task UseCacheFalseGoesToEnedisAgain()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();
        var today = EnedisCalendar.Today(TimeProvider.System);
        var url = $"/api/enedis/consumption/daily/{usagePointId}?start={today.AddDays(-5):yyyy-MM-dd}&end={today:yyyy-MM-dd}";

        (await client.GetAsync(url)).EnsureSuccessStatusCode();
        using var fresh = await client.GetAsync(url + "&use_cache=false");

        fresh.Headers.GetValues("X-Cache-Status").Single().ShouldBe("MISS");
        (await fixture.CallsForAsync(usagePointId, SandboxClient.DailyConsumption)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task DeletingThePdlsCacheMakesTheNextReadAMiss()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();
        var today = EnedisCalendar.Today(TimeProvider.System);
        var url = $"/api/enedis/consumption/daily/{usagePointId}?start={today.AddDays(-5):yyyy-MM-dd}&end={today:yyyy-MM-dd}";
        (await client.GetAsync(url)).EnsureSuccessStatusCode();

        (await client.DeleteAsync($"/api/enedis/cache/{usagePointId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var after = await client.GetAsync(url);

        after.Headers.GetValues("X-Cache-Status").Single().ShouldBe("MISS");
    }

    [Fact]
    public async Task DeletingAPdlsCacheDeletesItsOwnKeysOnlyNotThePrewarmMarkersNorOtherPdlsKeys()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();
        var today = EnedisCalendar.Today(TimeProvider.System);
        (await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={today.AddDays(-5):yyyy-MM-dd}&end={today:yyyy-MM-dd}")).EnsureSuccessStatusCode();
        (await client.GetAsync($"/api/enedis/contract/{usagePointId}")).EnsureSuccessStatusCode();
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString("redis"));
        var db = redis.GetDatabase();
        var otherPdl = GatewayClient.UniqueUsagePointId();
        // Keys that are not this PDL's meter data: the pre-warm's marker, a lease, another PDL's keys, a quota counter.
        RedisKey[] others =
        [
            $"prewarm:{today.AddDays(-1):yyyy-MM-dd}:{usagePointId}",
            $"lease:consumption:daily:{usagePointId}:20260101:20260102:cached",
            $"consumption:daily:{otherPdl}:{today.AddDays(-1):yyyy-MM-dd}",
            $"nodata:consumption:daily:{otherPdl}:{today.AddDays(-1):yyyy-MM-dd}",
            $"customer:contracts:{otherPdl}",
            $"quota:{Guid.NewGuid():N}:{today:yyyy-MM-dd}:cached",
        ];
        foreach (var key in others)
        {
            await db.StringSetAsync(key, "1", TimeSpan.FromMinutes(5));
        }
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        // This PDL's days and no-data markers (the lease seeded above aside), and its contracts payload.
        var own = await server.KeysAsync(pattern: $"*:{usagePointId}:*").CountAsync(k => !k.ToString().StartsWith("lease:", StringComparison.Ordinal))
            + (await db.KeyExistsAsync($"customer:contracts:{usagePointId}") ? 1 : 0);

        using var response = await client.DeleteAsync($"/api/enedis/cache/{usagePointId}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        own.ShouldBeGreaterThanOrEqualTo(6, "five days and the contracts payload were cached");
        (await response.DataAsync()).GetProperty("message").GetString().ShouldBe($"{own} entrée(s) de cache supprimée(s).");
        foreach (var key in others)
        {
            (await db.KeyExistsAsync(key)).ShouldBeTrue($"{key} is not this PDL's meter data");
        }
        (await db.KeyExistsAsync($"customer:contracts:{usagePointId}")).ShouldBeFalse();
        (await server.KeysAsync(pattern: $"consumption:daily:{usagePointId}:*").CountAsync()).ShouldBe(0);
        await db.KeyDeleteAsync(others);
    }

    [Fact]
    public async Task RegeneratingTheSecretMakesTheOldCacheUnreadable()
    {
        var (user, client, usagePointId, _) = await fixture.UserWithMeterAsync();
        var today = EnedisCalendar.Today(TimeProvider.System);
        var url = $"/api/enedis/consumption/daily/{usagePointId}?start={today.AddDays(-5):yyyy-MM-dd}&end={today:yyyy-MM-dd}";
        (await client.GetAsync(url)).EnsureSuccessStatusCode();

        var secret = (await (await client.PostAsync("/api/accounts/regenerate-secret", null)).DataAsync()).GetProperty("client_secret").GetString()!;
        using var renewed = fixture.ClientFor(user with { ClientSecret = secret });
        using var after = await renewed.GetAsync(url);

        after.Headers.GetValues("X-Cache-Status").Single().ShouldBe("MISS");
    }

    [Fact]
    public async Task AMeterWithoutConsentAsksForConsent()
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());
        var usagePointId = GatewayClient.UniqueUsagePointId();
        await client.CreatePdlAsync(usagePointId);
        var today = EnedisCalendar.Today(TimeProvider.System);

        using var response = await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={today.AddDays(-5):yyyy-MM-dd}&end={today:yyyy-MM-dd}");

        await response.ShouldFailWithAsync(HttpStatusCode.Forbidden, "CONSENT_REQUIRED");
    }

    [Fact]
    public async Task CustomerDataIsServedThenCached()
    {
        var (_, client, usagePointId, _) = await fixture.UserWithMeterAsync();

        using var first = await client.GetAsync($"/api/enedis/contract/{usagePointId}");
        using var second = await client.GetAsync($"/api/enedis/contract/{usagePointId}");

        first.Headers.GetValues("X-Cache-Status").Single().ShouldBe("MISS");
        second.Headers.GetValues("X-Cache-Status").Single().ShouldBe("HIT");
        (await second.DataAsync()).GetProperty("customer").GetProperty("usage_points").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task TheDemoMetersAreServedWithoutEnedis()
    {
        using var client = await fixture.LoggedInClientAsync("demo@myelectricaldata.fr", "DemoPassword123!");
        var today = EnedisCalendar.Today(TimeProvider.System);
        var url = $"start={today.AddDays(-365):yyyy-MM-dd}&end={today:yyyy-MM-dd}";

        var consumption = await (await client.GetAsync($"/api/enedis/consumption/daily/12345678901234?{url}")).DataAsync();
        var production = await (await client.GetAsync($"/api/enedis/production/daily/12345678901234?{url}")).DataAsync();
        var again = await (await client.GetAsync($"/api/enedis/consumption/daily/12345678901234?{url}&use_cache=false")).DataAsync();

        var kwh = consumption.GetProperty("meter_reading").GetProperty("interval_reading").EnumerateArray().Select(r => int.Parse(r.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture) / 1000.0).ToList();
        kwh.Count.ShouldBe(365);
        kwh.Average().ShouldBeInRange(15, 25);
        consumption.GetProperty("meter_reading").GetProperty("quality").GetString().ShouldBe("CORRIGE");
        production.GetProperty("meter_reading").GetProperty("interval_reading").GetArrayLength().ShouldBe(365);
        again.GetProperty("meter_reading").ToString().ShouldBe(consumption.GetProperty("meter_reading").ToString());
        (await fixture.CallsForAsync("12345678901234")).ShouldBeEmpty();
    }
}
