namespace MyElectricalData.Enedis.Dates;

/// <summary>A range of days, <see cref="End"/> exclusive, as Enedis takes them: a single day D is [D, D+1).</summary>
public readonly record struct DateRange(DateOnly Start, DateOnly End)
{
    public int Days => End.DayNumber - Start.DayNumber;

    public IEnumerable<DateOnly> EachDay()
    {
        for (var day = Start; day < End; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    public override string ToString() => $"[{Start:yyyy-MM-dd}, {End:yyyy-MM-dd})";
}

/// <summary>What kind of metering data a call asks for: it decides the per-call span and the history limit.</summary>
public enum MeteringKind
{
    DailyConsumption,
    DailyProduction,
    ConsumptionLoadCurve,
    ProductionLoadCurve,
    MaxPower,
}

/// <summary>
/// Enedis' calendar rules (SPEC §5), in one place: "today" is Paris time; data exists up to yesterday (J-1);
/// load curves are asked at most 7 days per call and 24 months + 15 days back; daily data and max power at
/// most 365 days per call and 36 months + 15 days back.
/// </summary>
public static class EnedisCalendar
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Paris).DateTime);

    public static bool IsLoadCurve(this MeteringKind kind) => kind is MeteringKind.ConsumptionLoadCurve or MeteringKind.ProductionLoadCurve;

    public static bool IsProduction(this MeteringKind kind) => kind is MeteringKind.DailyProduction or MeteringKind.ProductionLoadCurve;

    public static int MaxDaysPerCall(this MeteringKind kind) => kind.IsLoadCurve() ? 7 : 365;

    /// <summary>The oldest start Enedis accepts today.</summary>
    public static DateOnly HistoryLimit(this MeteringKind kind, DateOnly today) => today.AddMonths(kind.IsLoadCurve() ? -24 : -36).AddDays(-15);

    /// <summary>
    /// The part of <paramref name="requested"/> Enedis can answer: end clamped to today (exclusive, so up to
    /// yesterday), start clamped to the history limit. Null when nothing of it can exist.
    /// </summary>
    public static DateRange? Answerable(MeteringKind kind, DateRange requested, DateOnly today)
    {
        var start = requested.Start < kind.HistoryLimit(today) ? kind.HistoryLimit(today) : requested.Start;
        var end = requested.End > today ? today : requested.End;
        return start < end ? new DateRange(start, end) : null;
    }

    /// <summary>Consecutive calls of at most the kind's span covering <paramref name="range"/>, oldest first.</summary>
    public static IEnumerable<DateRange> Split(MeteringKind kind, DateRange range)
    {
        var max = kind.MaxDaysPerCall();
        for (var start = range.Start; start < range.End; start = start.AddDays(max))
        {
            var end = start.AddDays(max);
            yield return new DateRange(start, end < range.End ? end : range.End);
        }
    }

    /// <summary>
    /// Groups days into the fewest calls the span limit allows: adjacent days are merged, gaps start a new call.
    /// </summary>
    public static IReadOnlyList<DateRange> Group(MeteringKind kind, IEnumerable<DateOnly> days)
    {
        var ranges = new List<DateRange>();
        DateOnly? start = null;
        DateOnly previous = default;
        foreach (var day in days.Distinct().Order())
        {
            if (start is null || day != previous.AddDays(1))
            {
                if (start is { } s)
                {
                    ranges.AddRange(Split(kind, new DateRange(s, previous.AddDays(1))));
                }
                start = day;
            }
            previous = day;
        }
        if (start is { } last)
        {
            ranges.AddRange(Split(kind, new DateRange(last, previous.AddDays(1))));
        }
        return ranges;
    }
}
