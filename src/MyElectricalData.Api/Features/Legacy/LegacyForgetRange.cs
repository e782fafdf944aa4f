using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary>Response of a range's cache deletion, as the old gateway answered it.</summary>
public sealed record LegacyPurgeResponse(string UsagePointId, IReadOnlyList<string> Path, bool Purge);

/// <summary><c>DELETE /{kind}/{id}/start/{start}/end/{end}/cache</c>: forgets that range of the caller's cache. One class per route below.</summary>
public abstract class LegacyForgetRangeEndpoint(MeterAccess access, MeterReads reads, MeterCache cache) : Endpoint<LegacyRangeRequest, JsonHttpResult<LegacyPurgeResponse>>
{
    protected abstract MeteringKind Kind { get; }

    protected virtual int? MaxDays => null;

    protected void Map(string route, string name, string summary)
    {
        Delete(route);
        Group<LegacyGroup>();
        Description(b => b.WithName(name).Produces<LegacyPurgeResponse>(StatusCodes.Status200OK));
        Summary(s => s.Summary = summary);
    }

    public override async Task<JsonHttpResult<LegacyPurgeResponse>> ExecuteAsync(LegacyRangeRequest request, CancellationToken ct)
    {
        await access.AuthorizeAsync(HttpContext, request.UsagePointId, ct);
        var range = reads.ParseRange(Kind, request.Start, request.End, MaxDays);
        var deleted = await cache.ForgetAsync(Kind, request.UsagePointId, range);
        return TypedResults.Json(new LegacyPurgeResponse(request.UsagePointId, [HttpContext.Request.Path.Value ?? ""], deleted > 0), LegacyJson.Options);
    }
}

public sealed class LegacyDeleteDailyConsumptionCache(MeterAccess access, MeterReads reads, MeterCache cache) : LegacyForgetRangeEndpoint(access, reads, cache)
{
    protected override MeteringKind Kind => MeteringKind.DailyConsumption;

    public override void Configure() => Map("/daily_consumption/{usage_point_id}/start/{start}/end/{end}/cache", "LegacyDeleteDailyConsumptionCache", "Daily consumption (Wh per day): forget the cached range.");
}

public sealed class LegacyDeleteConsumptionLoadCurveCache(MeterAccess access, MeterReads reads, MeterCache cache) : LegacyForgetRangeEndpoint(access, reads, cache)
{
    protected override MeteringKind Kind => MeteringKind.ConsumptionLoadCurve;

    protected override int? MaxDays => 7;

    public override void Configure() => Map("/consumption_load_curve/{usage_point_id}/start/{start}/end/{end}/cache", "LegacyDeleteConsumptionLoadCurveCache", "Consumption load curve (W), at most 7 days: forget the cached range.");
}

public sealed class LegacyDeleteDailyConsumptionMaxPowerCache(MeterAccess access, MeterReads reads, MeterCache cache) : LegacyForgetRangeEndpoint(access, reads, cache)
{
    protected override MeteringKind Kind => MeteringKind.MaxPower;

    public override void Configure() => Map("/daily_consumption_max_power/{usage_point_id}/start/{start}/end/{end}/cache", "LegacyDeleteDailyConsumptionMaxPowerCache", "Daily maximum power (VA): forget the cached range.");
}

public sealed class LegacyDeleteDailyProductionCache(MeterAccess access, MeterReads reads, MeterCache cache) : LegacyForgetRangeEndpoint(access, reads, cache)
{
    protected override MeteringKind Kind => MeteringKind.DailyProduction;

    public override void Configure() => Map("/daily_production/{usage_point_id}/start/{start}/end/{end}/cache", "LegacyDeleteDailyProductionCache", "Daily production (Wh per day): forget the cached range.");
}

public sealed class LegacyDeleteProductionLoadCurveCache(MeterAccess access, MeterReads reads, MeterCache cache) : LegacyForgetRangeEndpoint(access, reads, cache)
{
    protected override MeteringKind Kind => MeteringKind.ProductionLoadCurve;

    protected override int? MaxDays => 7;

    public override void Configure() => Map("/production_load_curve/{usage_point_id}/start/{start}/end/{end}/cache", "LegacyDeleteProductionLoadCurveCache", "Production load curve (W), at most 7 days: forget the cached range.");
}
