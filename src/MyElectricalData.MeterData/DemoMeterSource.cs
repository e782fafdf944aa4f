using System.Globalization;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Metering;

namespace MyElectricalData.MeterData;

/// <summary>
/// The demo account's meters (SPEC §8), generated instead of asked of Enedis, deterministic (the same numbers
/// after every restart) and served through the same cache path as real data. Consumption 15-25 kWh/day, +30 %
/// in winter and -20 % in summer; production 3 kWh/day in winter to 20 in summer, cloudy days -60 %.
/// </summary>
public sealed class DemoMeterSource : IMeterSource
{
    public const string MainHouse = "12345678901234";
    public const string Apartment = "98765432109876";

    public static bool Serves(string usagePointId) => usagePointId is MainHouse or Apartment;

    public Task<MeterReading> GetAsync(MeteringKind kind, string usagePointId, DateRange range, EnedisPriority priority, CancellationToken cancellationToken)
    {
        var production = kind.IsProduction();
        if (production && usagePointId != MainHouse)
        {
            throw new MyElectricalData.Enedis.Errors.EnedisException(MyElectricalData.Enedis.Errors.EnedisErrorKind.WrongMeterKind, "ADAM-ERR0069",
                "The demo apartment does not produce.", 400);
        }
        var readings = new List<IntervalReading>();
        foreach (var day in range.EachDay())
        {
            var wh = production ? ProductionWh(usagePointId, day) : ConsumptionWh(usagePointId, day);
            switch (kind)
            {
                case MeteringKind.DailyConsumption or MeteringKind.DailyProduction:
                    readings.Add(new IntervalReading(Wh(wh), Date(day), MeasureType: "B"));
                    break;
                case MeteringKind.MaxPower:
                    var peak = 2500 + (int)(Noise(usagePointId, day, 7) * 3000);
                    readings.Add(new IntervalReading(peak.ToString(CultureInfo.InvariantCulture), $"{Date(day)} 19:{(int)(Noise(usagePointId, day, 8) * 59):00}:00", MeasureType: "B"));
                    break;
                default:
                    for (var slot = 0; slot < 48; slot++)
                    {
                        var share = production ? SunShare(slot) : HouseholdShare(slot);
                        // Mean power over the half hour: energy (Wh) x 2.
                        var watts = (int)Math.Round(wh * share * 2);
                        var start = day.ToDateTime(TimeOnly.MinValue).AddMinutes(30 * slot);
                        readings.Add(new IntervalReading(watts.ToString(CultureInfo.InvariantCulture),
                            start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), "PT30M", "B"));
                    }
                    break;
            }
        }
        var unit = kind switch
        {
            MeteringKind.MaxPower => "VA",
            MeteringKind.ConsumptionLoadCurve or MeteringKind.ProductionLoadCurve => "W",
            _ => "Wh",
        };
        var type = new ReadingType(unit, kind.IsLoadCurve() || kind == MeteringKind.MaxPower ? "power" : "energy",
            kind.IsLoadCurve() ? "average" : kind == MeteringKind.MaxPower ? "maximum" : "sum", kind.IsLoadCurve() ? null : "P1D");
        return Task.FromResult(new MeterReading(usagePointId, Date(range.Start), Date(range.End), "CORRIGE", type, readings));
    }

    private static double Season(DateOnly day) => Math.Cos(2 * Math.PI * (day.DayOfYear - 15) / 365.25); // 1 mid-January, -1 mid-July

    private static int ConsumptionWh(string usagePointId, DateOnly day)
    {
        var baseline = usagePointId == MainHouse ? 21_000 : 16_000;
        var season = Season(day) >= 0 ? 1 + 0.30 * Season(day) : 1 + 0.20 * Season(day);
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1.08 : 1.0;
        var kwh = baseline * season * weekend * (0.92 + 0.16 * Noise(usagePointId, day, 1));
        return (int)Math.Clamp(kwh, 12_000, 32_000);
    }

    private static int ProductionWh(string usagePointId, DateOnly day)
    {
        var clear = 11_500 - 8_500 * Season(day);
        var cloudy = Noise(usagePointId, day, 2) < 0.3 ? 0.4 : 1.0;
        return (int)(clear * cloudy * (0.9 + 0.2 * Noise(usagePointId, day, 3)));
    }

    // Morning and evening peaks, the water heater at night.
    private static double HouseholdShare(int slot)
    {
        double[] weights = [.. Enumerable.Range(0, 48).Select(s => 0.6 + (s is >= 13 and <= 17 ? 1.2 : 0) + (s is >= 36 and <= 44 ? 1.6 : 0) + (s is >= 44 || s <= 4 ? 0.8 : 0))];
        return weights[slot] / weights.Sum();
    }

    private static double SunShare(int slot)
    {
        double[] weights = [.. Enumerable.Range(0, 48).Select(s => Math.Max(0, Math.Sin(Math.PI * (s - 14) / 24.0)))];
        return weights[slot] / weights.Sum();
    }

    /// <summary>A number in [0, 1) that depends only on the meter, the day and a salt.</summary>
    private static double Noise(string usagePointId, DateOnly day, int salt)
    {
        var hash = 2166136261u; // FNV-1a: stable across processes, unlike string.GetHashCode.
        foreach (var c in $"{usagePointId}:{day.DayNumber}:{salt}")
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (hash % 10_000) / 10_000.0;
    }

    private static string Wh(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
