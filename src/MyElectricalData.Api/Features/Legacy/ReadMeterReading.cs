using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary>Response of a range's cache deletion, as the old gateway answered it.</summary>
public sealed record LegacyPurgeResponse(string UsagePointId, IReadOnlyList<string> Path, bool Purge);

/// <summary>
/// <c>/{daily_consumption|consumption_load_curve|daily_consumption_max_power|daily_production|production_load_curve}/{id}/start/{start}/end/{end}[/cache]</c>:
/// <c>{"meter_reading": ...}</c> at the root. Without <c>/cache</c> the cache is not read (Enedis is asked, the
/// answer is stored as on /api with use_cache=false); <c>DELETE .../cache</c> forgets that range.
/// </summary>
public static class ReadMeterReading
{
    // The old API's limits: load curves at most 7 days per request, daily data split by the read path.
    private static readonly (string Route, string Name, MeteringKind Kind, int? MaxDays, string Summary)[] Routes =
    [
        ("daily_consumption", "DailyConsumption", MeteringKind.DailyConsumption, null, "Daily consumption (Wh per day)"),
        ("consumption_load_curve", "ConsumptionLoadCurve", MeteringKind.ConsumptionLoadCurve, 7, "Consumption load curve (W), at most 7 days"),
        ("daily_consumption_max_power", "DailyConsumptionMaxPower", MeteringKind.MaxPower, null, "Daily maximum power (VA)"),
        ("daily_production", "DailyProduction", MeteringKind.DailyProduction, null, "Daily production (Wh per day)"),
        ("production_load_curve", "ProductionLoadCurve", MeteringKind.ProductionLoadCurve, 7, "Production load curve (W), at most 7 days"),
    ];

    public static void Map(RouteGroupBuilder group)
    {
        foreach (var (route, name, kind, maxDays, summary) in Routes)
        {
            var pattern = $"/{route}/{{usage_point_id}}/start/{{start}}/end/{{end}}";
            group.MapGet(pattern, (HttpContext http, string usage_point_id, string start, string end, MeterRequests requests, MeterDataService data, CancellationToken ct) =>
                    ReadAsync(http, kind, maxDays, usage_point_id, start, end, useCache: false, requests, data, ct))
                .WithName($"Legacy{name}").WithSummary($"{summary}, read from Enedis.");
            group.MapGet(pattern + "/cache", (HttpContext http, string usage_point_id, string start, string end, MeterRequests requests, MeterDataService data, CancellationToken ct) =>
                    ReadAsync(http, kind, maxDays, usage_point_id, start, end, useCache: true, requests, data, ct))
                .WithName($"Legacy{name}Cache").WithSummary($"{summary}, from the cache where possible.");
            group.MapDelete(pattern + "/cache", (HttpContext http, string usage_point_id, string start, string end, MeterRequests requests, MeterCache cache, CancellationToken ct) =>
                    ForgetAsync(http, kind, maxDays, usage_point_id, start, end, requests, cache, ct))
                .WithName($"LegacyDelete{name}Cache").WithSummary($"{summary}: forget the cached range.");
        }
    }

    private static async Task<JsonHttpResult<MeterReadingEnvelope>> ReadAsync(HttpContext http, MeteringKind kind, int? maxDays, string usagePointId,
        string start, string end, bool useCache, MeterRequests requests, MeterDataService data, CancellationToken cancellationToken)
    {
        // A partially fetched range answers what exists (X-Cache-Status: PARTIAL), as the old gateway did.
        var (result, _) = await MeterDataEndpoints.ReadRangeAsync(http, kind, maxDays, usagePointId, start, end, useCache, requests, data, cancellationToken);
        return TypedResults.Json(new MeterReadingEnvelope(result.Reading), LegacyJson.Options);
    }

    private static async Task<JsonHttpResult<LegacyPurgeResponse>> ForgetAsync(HttpContext http, MeteringKind kind, int? maxDays, string usagePointId,
        string start, string end, MeterRequests requests, MeterCache cache, CancellationToken cancellationToken)
    {
        await requests.AuthorizeAsync(http, usagePointId, cancellationToken);
        var range = requests.ParseRange(kind, start, end, maxDays);
        var deleted = await cache.ForgetAsync(kind, usagePointId, range);
        return TypedResults.Json(new LegacyPurgeResponse(usagePointId, [http.Request.Path.Value ?? ""], deleted > 0), LegacyJson.Options);
    }
}
