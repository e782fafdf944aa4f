using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.Enedis.Dates;

namespace MyElectricalData.Api.Features.Legacy;

public sealed class LegacyRangeRequest
{
    /// <summary>The usage point (PDL) number, 14 digits.</summary>
    [BindFrom("usage_point_id")]
    public string UsagePointId { get; init; } = "";

    /// <summary>First day, YYYY-MM-DD.</summary>
    public string Start { get; init; } = "";

    /// <summary>Day after the last one, YYYY-MM-DD.</summary>
    public string End { get; init; } = "";
}

/// <summary>
/// <c>/{daily_consumption|consumption_load_curve|daily_consumption_max_power|daily_production|production_load_curve}/{id}/start/{start}/end/{end}[/cache]</c>:
/// <c>{"meter_reading": ...}</c> at the root, through the /api read path (<see cref="MeterReads"/>). Without <c>/cache</c> the
/// cache is not read (Enedis is asked, the answer is stored as on /api with use_cache=false). A partially fetched range
/// answers what exists (X-Cache-Status: PARTIAL), as the old gateway did. The old API's limits: load curves at most 7 days
/// per request, daily data split by the read path. One class per route below.
/// </summary>
public abstract class LegacyMeterReadingEndpoint(MeterReads reads) : Endpoint<LegacyRangeRequest, JsonHttpResult<MeterReadingEnvelope>>
{
    protected abstract MeteringKind Kind { get; }

    protected virtual int? MaxDays => null;

    protected abstract bool UseCache { get; }

    protected void Map(string route, string name, string summary)
    {
        Get(route);
        Group<LegacyGroup>();
        Description(b => b.WithName(name).Produces<MeterReadingEnvelope>(StatusCodes.Status200OK));
        Summary(s => s.Summary = summary);
    }

    public override async Task<JsonHttpResult<MeterReadingEnvelope>> ExecuteAsync(LegacyRangeRequest request, CancellationToken ct)
    {
        var result = await reads.ReadRangeAsync(HttpContext, Kind, MaxDays, request.UsagePointId, request.Start, request.End, UseCache, ct);
        return TypedResults.Json(new MeterReadingEnvelope(result.Reading), LegacyJson.Options);
    }
}

public sealed class LegacyDailyConsumption(MeterReads reads) : LegacyMeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.DailyConsumption;

    protected override bool UseCache => false;

    public override void Configure() => Map("/daily_consumption/{usage_point_id}/start/{start}/end/{end}", "LegacyDailyConsumption", "Daily consumption (Wh per day), read from Enedis.");
}

public sealed class LegacyDailyConsumptionCache(MeterReads reads) : LegacyMeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.DailyConsumption;

    protected override bool UseCache => true;

    public override void Configure() => Map("/daily_consumption/{usage_point_id}/start/{start}/end/{end}/cache", "LegacyDailyConsumptionCache", "Daily consumption (Wh per day), from the cache where possible.");
}

public sealed class LegacyConsumptionLoadCurve(MeterReads reads) : LegacyMeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.ConsumptionLoadCurve;

    protected override int? MaxDays => 7;

    protected override bool UseCache => false;

    public override void Configure() => Map("/consumption_load_curve/{usage_point_id}/start/{start}/end/{end}", "LegacyConsumptionLoadCurve", "Consumption load curve (W), at most 7 days, read from Enedis.");
}

public sealed class LegacyConsumptionLoadCurveCache(MeterReads reads) : LegacyMeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.ConsumptionLoadCurve;

    protected override int? MaxDays => 7;

    protected override bool UseCache => true;

    public override void Configure() => Map("/consumption_load_curve/{usage_point_id}/start/{start}/end/{end}/cache", "LegacyConsumptionLoadCurveCache", "Consumption load curve (W), at most 7 days, from the cache where possible.");
}

public sealed class LegacyDailyConsumptionMaxPower(MeterReads reads) : LegacyMeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.MaxPower;

    protected override bool UseCache => false;

    public override void Configure() => Map("/daily_consumption_max_power/{usage_point_id}/start/{start}/end/{end}", "LegacyDailyConsumptionMaxPower", "Daily maximum power (VA), read from Enedis.");
}

public sealed class LegacyDailyConsumptionMaxPowerCache(MeterReads reads) : LegacyMeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.MaxPower;

    protected override bool UseCache => true;

    public override void Configure() => Map("/daily_consumption_max_power/{usage_point_id}/start/{start}/end/{end}/cache", "LegacyDailyConsumptionMaxPowerCache", "Daily maximum power (VA), from the cache where possible.");
}

public sealed class LegacyDailyProduction(MeterReads reads) : LegacyMeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.DailyProduction;

    protected override bool UseCache => false;

    public override void Configure() => Map("/daily_production/{usage_point_id}/start/{start}/end/{end}", "LegacyDailyProduction", "Daily production (Wh per day), read from Enedis.");
}

public sealed class LegacyDailyProductionCache(MeterReads reads) : LegacyMeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.DailyProduction;

    protected override bool UseCache => true;

    public override void Configure() => Map("/daily_production/{usage_point_id}/start/{start}/end/{end}/cache", "LegacyDailyProductionCache", "Daily production (Wh per day), from the cache where possible.");
}

public sealed class LegacyProductionLoadCurve(MeterReads reads) : LegacyMeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.ProductionLoadCurve;

    protected override int? MaxDays => 7;

    protected override bool UseCache => false;

    public override void Configure() => Map("/production_load_curve/{usage_point_id}/start/{start}/end/{end}", "LegacyProductionLoadCurve", "Production load curve (W), at most 7 days, read from Enedis.");
}

public sealed class LegacyProductionLoadCurveCache(MeterReads reads) : LegacyMeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.ProductionLoadCurve;

    protected override int? MaxDays => 7;

    protected override bool UseCache => true;

    public override void Configure() => Map("/production_load_curve/{usage_point_id}/start/{start}/end/{end}/cache", "LegacyProductionLoadCurveCache", "Production load curve (W), at most 7 days, from the cache where possible.");
}
