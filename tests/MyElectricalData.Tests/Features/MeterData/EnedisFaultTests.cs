using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.MeterData;

/// <summary>Enedis failing for one meter, or not answering, as the API's clients see it: the fault stays with its owner, the answer comes in time.</summary>
[Collection(AppHostCollection.Name)]
public sealed class EnedisFaultTests(AppHostFixture fixture)
{
    private static readonly DateOnly Today = EnedisCalendar.Today(TimeProvider.System);
    private static readonly string Week = $"start={Today.AddDays(-7):yyyy-MM-dd}&end={Today:yyyy-MM-dd}";

    [Fact]
    public async Task FaultsOnAnotherUsersMeterLeaveMyReadsWorking()
    {
        var (_, mine, myMeter, _) = await fixture.UserWithMeterAsync();
        var (_, theirs, theirMeter, _) = await fixture.UserWithMeterAsync();
        using var sandbox = fixture.Sandbox();
        (await sandbox.PostAsJsonAsync($"/_sandbox/faults/{theirMeter}", new { kind = "status", status = 503 })).EnsureSuccessStatusCode();
        try
        {
            // 4 reads (of different days, so that none shares another's call) of 4 attempts: 16 failures in a row, more
            // than the breaker counting calls needed to refuse everyone.
            var theirAnswers = await Task.WhenAll(Enumerable.Range(1, 4).Select(async days =>
            {
                var day = $"start={Today.AddDays(-days):yyyy-MM-dd}&end={Today.AddDays(1 - days):yyyy-MM-dd}";
                using var response = await theirs.GetAsync($"/api/enedis/consumption/daily/{theirMeter}?{day}");
                return (response.StatusCode, Code: (await response.ReadEnvelopeAsync()).GetProperty("error").GetProperty("code").GetString());
            }));

            using var myAnswer = await mine.GetAsync($"/api/enedis/consumption/daily/{myMeter}?{Week}");

            theirAnswers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.BadGateway && a.Code == "ENEDIS_UNAVAILABLE");
            myAnswer.StatusCode.ShouldBe(HttpStatusCode.OK, await myAnswer.Content.ReadAsStringAsync());
            (await myAnswer.DataAsync()).GetProperty("meter_reading").GetProperty("interval_reading").GetArrayLength().ShouldBe(7);
        }
        finally
        {
            await sandbox.DeleteAsync($"/_sandbox/faults/{theirMeter}");
            mine.Dispose();
            theirs.Dispose();
        }
    }

    [Fact]
    public async Task AnEnedisTimeoutAnswersWithinTwentySecondsWithARetryHint()
    {
        var (_, client, meter, _) = await fixture.UserWithMeterAsync();
        using var sandbox = fixture.Sandbox();
        (await sandbox.PostAsJsonAsync($"/_sandbox/faults/{meter}", new { kind = "timeout", delay_ms = 30_000 })).EnsureSuccessStatusCode();
        try
        {
            var started = Stopwatch.StartNew();

            using var response = await client.GetAsync($"/api/enedis/consumption/daily/{meter}?{Week}");
            var elapsed = started.Elapsed;

            elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
            await response.ShouldFailWithAsync(HttpStatusCode.ServiceUnavailable, "ENEDIS_UNAVAILABLE");
            response.Headers.RetryAfter?.Delta.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        }
        finally
        {
            await sandbox.DeleteAsync($"/_sandbox/faults/{meter}");
            client.Dispose();
        }
    }
}
