// Owns: the numbers. Daily energies first (seasons, weekends, cloudy days), then load curves that spread each
// day's energy over its half-hours, then the day's peak power from the curve, so all three agree with each other.
// Knows nothing of HTTP, validation or payload shapes.
using System.Globalization;
using System.Text.RegularExpressions;

namespace MyElectricalData.EnedisSandbox.Data;

/// <summary>One load-curve point: the local (Europe/Paris) time at which the interval ENDS, and its mean power.</summary>
internal readonly record struct CurvePoint(DateTime IntervalEndLocal, int Watts);

/// <summary>A day's peak apparent power and the local time it happened.</summary>
internal readonly record struct PeakPower(DateTime AtLocal, int VoltAmperes);

internal static partial class DataGenerator
{
    public static readonly TimeSpan CurveStep = TimeSpan.FromMinutes(30);

    /// <summary><see cref="CurveStep"/> as Enedis writes it in interval_length.</summary>
    public const string CurveStepIso = "PT30M";

    public static int DailyConsumptionWh(MeterProfile meter, DateOnly day)
    {
        var random = DeterministicRandom.For(meter.UsagePointId, day, "dc");
        // +30 % in mid-January, -20 % in mid-July (SPEC §8).
        var season = 1.05 + (0.25 * Math.Cos(2 * Math.PI * (day.DayOfYear - 15) / 365.25));
        var week = IsWeekend(day) ? 1.12 : 0.95;
        return (int)Math.Round(meter.BaseDailyKwh * 1000 * season * week * random.Between(0.9, 1.1));
    }

    public static int DailyProductionWh(MeterProfile meter, DateOnly day)
    {
        if (!meter.Produces)
        {
            return 0;
        }

        var random = DeterministicRandom.For(meter.UsagePointId, day, "dp");
        // About 3 kWh at the winter solstice up to the installation's summer peak at the summer solstice.
        var winter = 3.0;
        var mid = (meter.SummerPeakProductionKwh + winter) / 2;
        var amplitude = (meter.SummerPeakProductionKwh - winter) / 2;
        var clearSky = mid + (amplitude * Math.Cos(2 * Math.PI * (day.DayOfYear - 172) / 365.25));
        var weather = IsCloudy(meter, day) ? 0.4 : random.Between(0.9, 1.05);
        return (int)Math.Round(clearSky * 1000 * weather);
    }

    public static IReadOnlyList<CurvePoint> ConsumptionCurve(MeterProfile meter, DateOnly day)
    {
        var random = DeterministicRandom.For(meter.UsagePointId, day, "clc");
        var weekend = IsWeekend(day);
        var hotWaterStart = FirstOffpeakStartHour(meter.OffpeakHours);
        return Spread(day, DailyConsumptionWh(meter, day), hour =>
        {
            var shape = 0.45
                + (weekend ? 0.8 * Bump(hour, 9.5, 1.5) : 0.9 * Bump(hour, 7.5, 1.0))
                + ((weekend ? 0.8 : 0.5) * Bump(hour, 12.5, 1.2))
                + (1.3 * Bump(hour, 19.5, 1.8))
                // The water heater starts with the off-peak hours, as the tariff intends.
                + (HoursAfter(hour, hotWaterStart) is >= 0 and < 2.5 ? 0.8 : 0);
            return shape * random.Between(0.85, 1.15);
        });
    }

    public static IReadOnlyList<CurvePoint> ProductionCurve(MeterProfile meter, DateOnly day)
    {
        if (!meter.Produces)
        {
            return [];
        }

        var random = DeterministicRandom.For(meter.UsagePointId, day, "plc");
        var cloudy = IsCloudy(meter, day);
        var dayLength = 12.2 + (4.1 * Math.Cos(2 * Math.PI * (day.DayOfYear - 172) / 365.25));
        // Paris' solar noon is about 11:50 UTC: 12:50 in winter time, 13:50 in summer time.
        var utcOffset = ParisClock.Zone.GetUtcOffset(day.ToDateTime(new TimeOnly(12, 0))).TotalHours;
        var sunrise = 11.85 + utcOffset - (dayLength / 2);
        return Spread(day, DailyProductionWh(meter, day), hour =>
        {
            var sun = Math.Sin(Math.PI * (hour - sunrise) / dayLength);
            return sun <= 0 ? 0 : Math.Pow(sun, 1.3) * (cloudy ? random.Between(0.3, 1.0) : random.Between(0.92, 1.0));
        });
    }

    public static PeakPower MaxPower(MeterProfile meter, DateOnly day)
    {
        var random = DeterministicRandom.For(meter.UsagePointId, day, "dcmp");
        var peakInterval = ConsumptionCurve(meter, day).MaxBy(point => point.Watts);
        // A half-hour mean hides the instantaneous peak (kettle, oven): the meter's maximum is well above it,
        // but never above what the breaker lets through.
        var voltAmperes = Math.Min(meter.SubscribedKva * 1000, (int)Math.Round(peakInterval.Watts * random.Between(1.3, 1.9)));
        var at = peakInterval.IntervalEndLocal.AddSeconds(-random.Between(1, CurveStep.TotalSeconds));
        return new PeakPower(new DateTime(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond)), voltAmperes);
    }

    /// <summary>
    /// Spreads a day's energy over the half-hours of the local day (46 or 50 on DST days), so that the curve's
    /// energy (sum of W x 0.5 h) matches the daily value up to rounding.
    /// </summary>
    private static List<CurvePoint> Spread(DateOnly day, int dailyWh, Func<double, double> weightAtLocalHour)
    {
        var start = ParisClock.StartOfDay(day);
        var end = ParisClock.StartOfDay(day.AddDays(1));
        var intervals = new List<(DateTime EndLocal, double Weight)>();
        for (var intervalStart = start; intervalStart < end; intervalStart += CurveStep)
        {
            var localStart = ParisClock.ToLocal(intervalStart);
            var middleHour = localStart.TimeOfDay.TotalHours + (CurveStep.TotalHours / 2);
            intervals.Add((ParisClock.ToLocal(intervalStart + CurveStep), Math.Max(0, weightAtLocalHour(middleHour))));
        }

        var total = intervals.Sum(interval => interval.Weight);
        var wattsPerWeight = total > 0 ? dailyWh / CurveStep.TotalHours / total : 0;
        return intervals.ConvertAll(interval => new CurvePoint(interval.EndLocal, (int)Math.Round(interval.Weight * wattsPerWeight)));
    }

    private static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    // About one day in three, more often in winter; shared by the daily value and the curve so both see the clouds.
    private static bool IsCloudy(MeterProfile meter, DateOnly day)
    {
        var random = DeterministicRandom.For(meter.UsagePointId, day, "clouds");
        var winterness = (1 + Math.Cos(2 * Math.PI * (day.DayOfYear - 15) / 365.25)) / 2;
        return random.NextDouble() < 0.2 + (0.3 * winterness);
    }

    private static double Bump(double hour, double centre, double width) =>
        Math.Exp(-Math.Pow((hour - centre) / width, 2) / 2);

    private static double HoursAfter(double hour, double start) => (hour - start + 24) % 24;

    private static double FirstOffpeakStartHour(string offpeakHours)
    {
        var match = OffpeakStart().Match(offpeakHours);
        return match.Success
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + (int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) / 60.0)
            : 22;
    }

    [GeneratedRegex(@"(\d{1,2})H(\d{2})-", RegexOptions.IgnoreCase)]
    private static partial Regex OffpeakStart();
}
