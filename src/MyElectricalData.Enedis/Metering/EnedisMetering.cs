using System.Globalization;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Errors;
using Wire = MyElectricalData.Enedis.Generated.Metering.Models;

namespace MyElectricalData.Enedis.Metering;

/// <summary>
/// Meter readings from Enedis, the way the gateway needs them: any range is split into the calls Enedis
/// allows, the answers merged, load-curve timestamps moved to interval starts. The range must already be
/// answerable (see <see cref="EnedisCalendar.Answerable"/>).
/// </summary>
public interface IEnedisMetering
{
    /// <summary>An interactive read (an API caller is waiting).</summary>
    Task<MeterReading> GetAsync(MeteringKind kind, string usagePointId, DateRange range, CancellationToken cancellationToken) =>
        GetAsync(kind, usagePointId, range, EnedisPriority.Interactive, cancellationToken);

    /// <summary>A read whose every call takes its budget slot at <paramref name="priority"/> (the worker's are <see cref="EnedisPriority.Background"/>).</summary>
    Task<MeterReading> GetAsync(MeteringKind kind, string usagePointId, DateRange range, EnedisPriority priority, CancellationToken cancellationToken);
}

internal sealed class EnedisMetering(EnedisClients clients) : IEnedisMetering
{
    public async Task<MeterReading> GetAsync(MeteringKind kind, string usagePointId, DateRange range, EnedisPriority priority, CancellationToken cancellationToken)
    {
        var parts = new List<MeterReading>();
        foreach (var call in EnedisCalendar.Split(kind, range))
        {
            parts.Add(await CallAsync(kind, usagePointId, call, priority, cancellationToken));
        }
        return Merge(usagePointId, range, parts);
    }

    private Task<MeterReading> CallAsync(MeteringKind kind, string usagePointId, DateRange range, EnedisPriority priority, CancellationToken cancellationToken) =>
        EnedisCallInstrumentation.RunAsync(Endpoint(kind), async activity =>
        {
            activity?.SetTag("enedis.days", range.Days);
            var client = clients.Metering();
            var start = range.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var end = range.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            // The priority rides on the request itself, to the budget's rate limiter (EnedisCallOption).
            var call = EnedisCallOption.For(priority);
            Wire.MeterReadingResponse? response = kind switch
            {
                MeteringKind.DailyConsumption => await client.Metering_data_dc.V5.Daily_consumption.GetAsync(c => { c.QueryParameters.UsagePointId = usagePointId; c.QueryParameters.Start = start; c.QueryParameters.End = end; c.Options.Add(call); }, cancellationToken),
                MeteringKind.ConsumptionLoadCurve => await client.Metering_data_clc.V5.Consumption_load_curve.GetAsync(c => { c.QueryParameters.UsagePointId = usagePointId; c.QueryParameters.Start = start; c.QueryParameters.End = end; c.Options.Add(call); }, cancellationToken),
                MeteringKind.MaxPower => await client.Metering_data_dcmp.V5.Daily_consumption_max_power.GetAsync(c => { c.QueryParameters.UsagePointId = usagePointId; c.QueryParameters.Start = start; c.QueryParameters.End = end; c.Options.Add(call); }, cancellationToken),
                MeteringKind.DailyProduction => await client.Metering_data_dp.V5.Daily_production.GetAsync(c => { c.QueryParameters.UsagePointId = usagePointId; c.QueryParameters.Start = start; c.QueryParameters.End = end; c.Options.Add(call); }, cancellationToken),
                MeteringKind.ProductionLoadCurve => await client.Metering_data_plc.V5.Production_load_curve.GetAsync(c => { c.QueryParameters.UsagePointId = usagePointId; c.QueryParameters.Start = start; c.QueryParameters.End = end; c.Options.Add(call); }, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
            var reading = response?.MeterReading ?? throw new EnedisException(EnedisErrorKind.BadResponse, null, "Enedis' answer had no meter_reading.");
            return Convert(kind, usagePointId, range, reading);
        }, cancellationToken);

    private static MeterReading Convert(MeteringKind kind, string usagePointId, DateRange range, Wire.MeterReading reading)
    {
        var readings = (reading.IntervalReading ?? [])
            .Where(r => r.Value is not null && r.Date is not null)
            .Select(r => new IntervalReading(r.Value!, r.Date!, r.IntervalLength, r.MeasureType, r.MeasuringPeriod));
        if (kind.IsLoadCurve())
        {
            readings = readings.Select(LoadCurveTimestamps.ShiftToStart);
        }
        var type = reading.ReadingType is { } t ? new ReadingType(t.Unit, t.MeasurementKind, t.Aggregate, t.MeasuringPeriod) : null;
        return new MeterReading(reading.UsagePointId ?? usagePointId, reading.Start ?? Format(range.Start), reading.End ?? Format(range.End),
            reading.Quality, type, [.. readings]);
    }

    private static MeterReading Merge(string usagePointId, DateRange range, List<MeterReading> parts) =>
        parts.Count == 1 ? parts[0] : new MeterReading(usagePointId, Format(range.Start), Format(range.End), parts.FirstOrDefault()?.Quality,
            parts.FirstOrDefault(p => p.ReadingType is not null)?.ReadingType, [.. parts.SelectMany(p => p.IntervalReading)]);

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Endpoint(MeteringKind kind) => kind switch
    {
        MeteringKind.DailyConsumption => "daily_consumption",
        MeteringKind.ConsumptionLoadCurve => "consumption_load_curve",
        MeteringKind.MaxPower => "daily_consumption_max_power",
        MeteringKind.DailyProduction => "daily_production",
        MeteringKind.ProductionLoadCurve => "production_load_curve",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
