// Owns: the metering payload, field for field as in Enedis' published examples (values are strings).
namespace MyElectricalData.EnedisSandbox.Metering;

public sealed record MeterReadingResponse(MeterReading MeterReading);

public sealed record MeterReading(
    string UsagePointId,
    string Start,
    string End,
    string Quality,
    ReadingType ReadingType,
    IReadOnlyList<IntervalReading> IntervalReading);

/// <summary>Load curves have no measuring_period: their step is on each point (interval_length).</summary>
public sealed record ReadingType(string MeasurementKind, string? MeasuringPeriod, string Unit, string Aggregate);

public sealed record IntervalReading(string Value, string Date, string? IntervalLength = null, string? MeasureType = null);
