using System.Globalization;
using System.Xml;

namespace MyElectricalData.Enedis.Metering;

/// <summary>Enedis' meter_reading, as the gateway serves it (snake_case on the wire), free of generated types.</summary>
public sealed record MeterReading(string UsagePointId, string Start, string End, string? Quality, ReadingType? ReadingType,
    IReadOnlyList<IntervalReading> IntervalReading);

public sealed record ReadingType(string? Unit, string? MeasurementKind, string? Aggregate, string? MeasuringPeriod);

public sealed record IntervalReading(string Value, string Date, string? IntervalLength = null, string? MeasureType = null, string? MeasuringPeriod = null);

/// <summary>Load-curve timestamps: Enedis marks the END of each interval; the gateway serves its START.</summary>
public static class LoadCurveTimestamps
{
    private const string Format = "yyyy-MM-dd HH:mm:ss";

    public static IntervalReading ShiftToStart(IntervalReading reading)
    {
        if (reading.IntervalLength is not { Length: > 0 } length
            || !DateTime.TryParseExact(reading.Date, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            return reading;
        }
        TimeSpan interval;
        try
        {
            interval = XmlConvert.ToTimeSpan(length);
        }
        catch (FormatException)
        {
            return reading;
        }
        return reading with { Date = (end - interval).ToString(Format, CultureInfo.InvariantCulture) };
    }

    /// <summary>The day (local meter time) an interval belongs to, once shifted to its start.</summary>
    public static DateOnly DayOf(IntervalReading reading) =>
        DateOnly.ParseExact(reading.Date[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
