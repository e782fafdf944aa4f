using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Metering;

namespace MyElectricalData.Api.Features.MeterData;

public sealed record MeterReadingEnvelope(MeterReading MeterReading);

public sealed class MeterReadingRequest
{
    /// <summary>The usage point (PDL) number, 14 digits.</summary>
    [BindFrom("usage_point_id")]
    public string UsagePointId { get; init; } = "";

    /// <summary>First day, YYYY-MM-DD.</summary>
    [QueryParam]
    public string? Start { get; init; }

    /// <summary>Day after the last one, YYYY-MM-DD (a single day D may be asked as start = end = D).</summary>
    [QueryParam]
    public string? End { get; init; }

    /// <summary>false: ask Enedis even for days already cached (counts against the Enedis quota).</summary>
    [QueryParam]
    public bool? UseCache { get; init; }
}

/// <summary>
/// The meter-reading routes of <c>/api/enedis</c>: one class per route below, differing only in what they read and
/// how many days one request may ask.
/// </summary>
public abstract class MeterReadingEndpoint(MeterReads reads) : Endpoint<MeterReadingRequest, Ok<ApiResponse<MeterReadingEnvelope>>>
{
    protected abstract MeteringKind Kind { get; }

    /// <summary>At most this many days per request (load curves), or no limit (daily data, split by the read path).</summary>
    protected virtual int? MaxDays => null;

    protected void Map(string route, string name, string summary)
    {
        Get(route);
        Group<EnedisDataGroup>();
        Description(b => b.WithName(name));
        Summary(s => s.Summary = summary);
    }

    public override async Task<Ok<ApiResponse<MeterReadingEnvelope>>> ExecuteAsync(MeterReadingRequest request, CancellationToken ct)
    {
        var result = await reads.ReadRangeAsync(HttpContext, Kind, MaxDays, request.UsagePointId, request.Start, request.End, request.UseCache ?? true, ct);
        var body = Envelope.Wrap(new MeterReadingEnvelope(result.Reading));
        if (result.Failure is { } failure)
        {
            // Success with what exists; the error says what is missing.
            var missing = EnedisErrorMapping.ToApiError(failure);
            body = body with { Error = new ApiErrorBody(ErrorCodes.PartialData, $"Données partielles : {missing.Message}") };
        }
        return TypedResults.Ok(body);
    }
}

public sealed class GetDailyConsumption(MeterReads reads) : MeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.DailyConsumption;

    public override void Configure() => Map("/consumption/daily/{usage_point_id}", "GetDailyConsumption", "Daily consumption (Wh per day).");
}

public sealed class GetConsumptionLoadCurve(MeterReads reads) : MeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.ConsumptionLoadCurve;

    protected override int? MaxDays => 7;

    public override void Configure() => Map("/consumption/detail/{usage_point_id}", "GetConsumptionLoadCurve",
        "Consumption load curve (W, 30-minute intervals, timestamps at interval start), at most 7 days.");
}

public sealed class GetConsumptionLoadCurveBatch(MeterReads reads) : MeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.ConsumptionLoadCurve;

    protected override int? MaxDays => 731;

    public override void Configure() => Map("/consumption/detail/batch/{usage_point_id}", "GetConsumptionLoadCurveBatch",
        "Consumption load curve over a long period (split into weekly calls).");
}

public sealed class GetMaxPower(MeterReads reads) : MeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.MaxPower;

    public override void Configure() => Map("/power/{usage_point_id}", "GetMaxPower", "Daily maximum power (VA).");
}

public sealed class GetDailyProduction(MeterReads reads) : MeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.DailyProduction;

    public override void Configure() => Map("/production/daily/{usage_point_id}", "GetDailyProduction", "Daily production (Wh per day).");
}

public sealed class GetProductionLoadCurve(MeterReads reads) : MeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.ProductionLoadCurve;

    protected override int? MaxDays => 7;

    public override void Configure() => Map("/production/detail/{usage_point_id}", "GetProductionLoadCurve", "Production load curve (W), at most 7 days.");
}

public sealed class GetProductionLoadCurveBatch(MeterReads reads) : MeterReadingEndpoint(reads)
{
    protected override MeteringKind Kind => MeteringKind.ProductionLoadCurve;

    protected override int? MaxDays => 731;

    public override void Configure() => Map("/production/detail/batch/{usage_point_id}", "GetProductionLoadCurveBatch", "Production load curve over a long period.");
}
