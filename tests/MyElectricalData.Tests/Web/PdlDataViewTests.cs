using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MyElectricalData.Tests.Harness;
using static Microsoft.Playwright.Assertions;

namespace MyElectricalData.Tests.Web;

/// <summary>
/// The data view of a PDL against the /api/enedis contract (SPEC §4), with the data answers played by the
/// browser: what the page draws and says does not depend on Enedis here. JourneyWithEnedisTests runs the same
/// page against the real data path and the sandbox.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class PdlDataViewTests(AppHostFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task ThePdlPageDrawsOneBarPerDayInKwhAndOnePointPerHalfHour()
    {
        var (page, pdlId, usagePointId) = await LoggedInWithAPdlAsync(hasProduction: true);
        var asked = new List<string>();
        await page.RouteAsync("**/api/enedis/*/daily/**", route =>
        {
            asked.Add(route.Request.Url);
            var kind = route.Request.Url.Contains("/production/", StringComparison.Ordinal) ? 2_000 : 12_345;
            return route.FulfillAsync(Json(DailyReadings(usagePointId, new DateOnly(2025, 6, 1), 7, day => kind + (day * 1_000))));
        });
        await page.RouteAsync("**/api/enedis/consumption/detail/**", route =>
        {
            asked.Add(route.Request.Url);
            return route.FulfillAsync(Json(LoadCurve(usagePointId, new DateOnly(2025, 6, 3), 48)));
        });

        await page.GotoAsync($"/pdl/{pdlId}?start=2025-06-01&end=2025-06-07&jour=2025-06-03");

        await Expect(page.Locator("#daily-chart rect.bar--consumption")).ToHaveCountAsync(7);
        await Expect(page.Locator("#daily-chart rect.bar--production")).ToHaveCountAsync(7);
        await Expect(page.Locator("#daily-chart rect.bar--consumption title").First).ToHaveTextAsync("Consommation, 01/06 : 12,3 kWh");
        await Expect(page.Locator("#daily-chart text.chart__axis-title").First).ToHaveTextAsync("kWh");
        await Expect(page.Locator("#daily-caption")).ToContainTextAsync("du 01/06/2025 au 07/06/2025");
        await Expect(page.Locator("#curve-chart circle.point")).ToHaveCountAsync(48);
        await Expect(page.Locator("#curve-chart text.chart__axis-title").First).ToHaveTextAsync("W");
        // The form's last day is inclusive; the API's end is exclusive.
        asked.ShouldContain(url => url.Contains($"/api/enedis/consumption/daily/{usagePointId}?start=2025-06-01&end=2025-06-08", StringComparison.Ordinal));
        asked.ShouldContain(url => url.Contains($"/api/enedis/production/daily/{usagePointId}?start=2025-06-01&end=2025-06-08", StringComparison.Ordinal));
        asked.ShouldContain(url => url.Contains($"/api/enedis/consumption/detail/{usagePointId}?start=2025-06-03&end=2025-06-04", StringComparison.Ordinal));
        await page.SaveScreenshotsAsync("chart");
    }

    [Fact]
    public async Task ThePdlPageExplainsDataErrorsInFrenchWithoutShowingJson()
    {
        var (page, pdlId, _) = await LoggedInWithAPdlAsync(hasProduction: false);
        await page.RouteAsync("**/api/enedis/consumption/daily/**", route => route.FulfillAsync(
            Json(Failure("ENEDIS_UNAVAILABLE", "Enedis ne répond pas."), status: 503)));
        await page.RouteAsync("**/api/enedis/consumption/detail/**", route => route.FulfillAsync(
            Json(Failure("NOT_FOUND", "Ressource introuvable."), status: 404)));

        await page.GotoAsync($"/pdl/{pdlId}");

        await Expect(page.Locator("#daily-status")).ToContainTextAsync("Enedis ne répond pas pour le moment. Réessayez dans quelques minutes.");
        await Expect(page.Locator("#curve-status")).ToContainTextAsync("ne sont pas encore disponibles sur cette passerelle");
        await Expect(page.Locator("#daily-chart")).ToBeHiddenAsync();
        (await page.Locator("main").InnerTextAsync()).ShouldNotContain("{");
    }

    [Fact]
    public async Task APdlOfNobodyOrOfSomeoneElseReadsAsNotFound()
    {
        var (page, _, _) = await LoggedInWithAPdlAsync(hasProduction: false);

        await page.GotoAsync($"/pdl/{Guid.NewGuid()}");

        await Expect(page.Locator("#pdl-status")).ToContainTextAsync("Ce point de livraison n'existe pas ou n'est pas rattaché à votre compte.");
        await Expect(page.Locator("#daily-section")).ToBeHiddenAsync();
    }

    private async Task<(IPage Page, Guid PdlId, string UsagePointId)> LoggedInWithAPdlAsync(bool hasProduction)
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.ClientFor(user);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        var pdlId = await client.CreateConsentedPdlAsync(usagePointId, "Maison");
        using var type = await client.PatchAsJsonAsync($"/api/pdl/{pdlId}/type", new { has_consumption = true, has_production = hasProduction });
        type.EnsureSuccessStatusCode();
        var page = await chromium.NewPageAsync(fixture);
        await page.LogInAsync(user);
        return (page, pdlId, usagePointId);
    }

    private static RouteFulfillOptions Json(object body, int status = 200) =>
        new() { Status = status, ContentType = "application/json", Body = JsonSerializer.Serialize(body) };

    private static object Envelope(object data) => new { success = true, data, error = (object?)null, timestamp = DateTimeOffset.UtcNow };

    private static object Failure(string code, string message) =>
        new { success = false, data = (object?)null, error = new { code, message, field = (string?)null }, timestamp = DateTimeOffset.UtcNow };

    /// <summary>The shape of SPEC §4: values are strings, in Wh for daily energy.</summary>
    private static object DailyReadings(string usagePointId, DateOnly start, int days, Func<int, int> wattHours) => Envelope(new
    {
        meter_reading = new
        {
            usage_point_id = usagePointId,
            start = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            end = start.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            quality = "BRUT",
            reading_type = new { unit = "Wh", measurement_kind = "energy", aggregate = "sum", measuring_period = "P1D" },
            interval_reading = Enumerable.Range(0, days).Select(day => new
            {
                value = wattHours(day).ToString(CultureInfo.InvariantCulture),
                date = start.AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }),
        },
    });

    /// <summary>Mean power in W per half-hour, timestamps at the start of each interval.</summary>
    private static object LoadCurve(string usagePointId, DateOnly day, int points) => Envelope(new
    {
        meter_reading = new
        {
            usage_point_id = usagePointId,
            start = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            end = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            quality = "BRUT",
            reading_type = new { unit = "W", measurement_kind = "power", aggregate = "average" },
            interval_reading = Enumerable.Range(0, points).Select(i => new
            {
                value = (300 + (i * 40)).ToString(CultureInfo.InvariantCulture),
                date = day.ToDateTime(TimeOnly.MinValue).AddMinutes(30 * i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                interval_length = "PT30M",
                measure_type = "B",
            }),
        },
    });
}
