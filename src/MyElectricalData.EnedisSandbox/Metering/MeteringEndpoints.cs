// Owns: the five metering endpoints: request rules, consent, meter kind and "no data" checks, then the payload
// built from the generator. Token, quota, faults and the call log wrap them (see DataEndpoints).
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.EnedisSandbox.Authorize;
using MyElectricalData.EnedisSandbox.Data;
using MyElectricalData.EnedisSandbox.Errors;

namespace MyElectricalData.EnedisSandbox.Metering;

internal static class MeteringEndpoints
{
    // Enedis marks validated data "CORRIGE" later; the sandbox serves what the API returns for recent days.
    private const string Quality = "BRUT";

    private static readonly ReadingType DailyEnergy = new("energy", "P1D", "Wh", "sum");
    private static readonly ReadingType AveragePower = new("power", null, "W", "average");
    private static readonly ReadingType MaximumPower = new("power", "P1D", "VA", "maximum");

    public static IEndpointRouteBuilder MapMetering(this IEndpointRouteBuilder data)
    {
        foreach (var kind in MeteringKind.All)
        {
            data.MapGet(kind.Path, (HttpRequest request, ParisClock clock, ConsentRegistry consents, MeterCatalog meters) =>
                    Read(kind, request.Query, clock.Today, consents, meters))
                .WithName(kind.Name)
                .WithSummary($"Enedis {kind.Path}: query usage_point_id, start, end (YYYY-MM-DD, end exclusive).");
        }

        return data;
    }

    private static Results<Ok<MeterReadingResponse>, JsonHttpResult<EnedisErrorBody>> Read(
        MeteringKind kind, IQueryCollection query, DateOnly today, ConsentRegistry consents, MeterCatalog meters)
    {
        var (range, error) = MeteringRange.Read(query, kind, today);
        error ??= consents.Check(range.UsagePointId);
        if (error is null && kind.Flow == Flow.Production && !meters.Produces(range.UsagePointId))
        {
            error = EnedisError.WrongMeterKind();
        }

        if (error is null && !meters.HasData(range.UsagePointId))
        {
            error = EnedisError.NoData();
        }

        return error is not null
            ? error.ToResult()
            : TypedResults.Ok(new MeterReadingResponse(Build(kind, meters.Profile(range.UsagePointId), range)));
    }

    private static MeterReading Build(MeteringKind kind, MeterProfile meter, MeteringRange range)
    {
        var (readingType, readings) = kind.Measure switch
        {
            Measure.DailyEnergy => (DailyEnergy, range.Days().Select(day => new IntervalReading(
                Number(kind.Flow == Flow.Consumption ? DataGenerator.DailyConsumptionWh(meter, day) : DataGenerator.DailyProductionWh(meter, day)),
                IsoTime.Date(day)))),
            Measure.LoadCurve => (AveragePower, range.Days()
                .SelectMany(day => kind.Flow == Flow.Consumption ? DataGenerator.ConsumptionCurve(meter, day) : DataGenerator.ProductionCurve(meter, day))
                .Select(point => new IntervalReading(Number(point.Watts), IsoTime.EnedisDateTime(point.IntervalEndLocal), DataGenerator.CurveStepIso, "B"))),
            Measure.MaxPower => (MaximumPower, range.Days()
                .Select(day => DataGenerator.MaxPower(meter, day))
                .Select(peak => new IntervalReading(Number(peak.VoltAmperes), IsoTime.EnedisDateTime(peak.AtLocal)))),
            _ => throw new InvalidOperationException($"Unknown measure {kind.Measure}"),
        };
        return new MeterReading(meter.UsagePointId, IsoTime.Date(range.Start), IsoTime.Date(range.End), Quality, readingType, [.. readings]);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
