// Owns: Enedis' rules for a metering request (usage_point_id, start, end): formats, end exclusive and at most
// today (data stops at yesterday), start before end, longest period and oldest start per kind of data.
using MyElectricalData.EnedisSandbox.Errors;

namespace MyElectricalData.EnedisSandbox.Metering;

internal readonly record struct MeteringRange(string UsagePointId, DateOnly Start, DateOnly End)
{
    public IEnumerable<DateOnly> Days()
    {
        for (var day = Start; day < End; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    public static (MeteringRange Range, EnedisError? Error) Read(IQueryCollection query, MeteringKind kind, DateOnly today)
    {
        var usagePointId = query["usage_point_id"].ToString();
        var startText = query["start"].ToString();
        var endText = query["end"].ToString();
        if (usagePointId.Length == 0)
        {
            return Fail("usage_point_id parameter is required");
        }

        if (!UsagePointIds.IsValid(usagePointId))
        {
            return Fail("usage_point_id parameter must be 14 digits long");
        }

        if (startText.Length == 0)
        {
            return Fail("Start date parameter is required");
        }

        if (!IsoTime.TryParseDate(startText, out var start))
        {
            return Fail("Start date parameter must be in the format YYYY-MM-DD");
        }

        if (endText.Length == 0)
        {
            return Fail("End date parameter is required");
        }

        if (!IsoTime.TryParseDate(endText, out var end))
        {
            return Fail("End date parameter must be in the format YYYY-MM-DD");
        }

        var range = new MeteringRange(usagePointId, start, end);
        return (range, Check(range, kind, today));
    }

    private static (MeteringRange, EnedisError?) Fail(string description) =>
        (default, EnedisError.InvalidRequest(description));

    private static EnedisError? Check(MeteringRange range, MeteringKind kind, DateOnly today)
    {
        // end is exclusive and the last published day is yesterday, so end = today is the latest useful value.
        if (range.End > today)
        {
            return EnedisError.InvalidRequest("The end date parameter must be earlier than the current date");
        }

        if (range.Start >= range.End)
        {
            return EnedisError.InvalidRequest("Start date should be before end date");
        }

        var days = range.End.DayNumber - range.Start.DayNumber;
        if (kind.IsLoadCurve && days > 7)
        {
            return EnedisError.LoadCurvePeriodTooLong();
        }

        if (!kind.IsLoadCurve && days > 365)
        {
            return EnedisError.DailyPeriodTooLong();
        }

        var historyLimit = today.AddMonths(kind.IsLoadCurve ? -24 : -36).AddDays(-15);
        return range.Start < historyLimit ? EnedisError.BeforeHistoryLimit() : null;
    }
}
