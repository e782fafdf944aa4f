using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Metering;

namespace MyElectricalData.Tests.Enedis;

public sealed class EnedisCalendarTests
{
    private static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void ThreeYearsOfDailyDataTakeFourCallsOfAtMost365Days()
    {
        var calls = EnedisCalendar.Split(MeteringKind.DailyConsumption, new DateRange(D("2023-01-01"), D("2026-01-01"))).ToList();

        calls.Count.ShouldBe(3 + 1);
        calls.ShouldAllBe(c => c.Days <= 365);
        calls.Sum(c => c.Days).ShouldBe(1096);
        calls.Zip(calls.Skip(1)).ShouldAllBe(pair => pair.First.End == pair.Second.Start);
    }

    [Fact]
    public void LoadCurvesAreAskedSevenDaysAtATime()
    {
        var calls = EnedisCalendar.Split(MeteringKind.ConsumptionLoadCurve, new DateRange(D("2026-01-01"), D("2026-01-16"))).ToList();

        calls.Select(c => c.Days).ShouldBe([7, 7, 1]);
    }

    [Fact]
    public void GroupingMergesAdjacentDaysAndSplitsAtGaps()
    {
        var days = new[] { "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-10", "2026-01-05" }.Select(D);

        var calls = EnedisCalendar.Group(MeteringKind.DailyConsumption, days);

        calls.ShouldBe([new DateRange(D("2026-01-01"), D("2026-01-04")), new DateRange(D("2026-01-05"), D("2026-01-06")), new DateRange(D("2026-01-10"), D("2026-01-11"))]);
    }

    [Fact]
    public void GroupingRespectsTheLoadCurveSpan()
    {
        var days = Enumerable.Range(0, 10).Select(i => D("2026-01-01").AddDays(i));

        EnedisCalendar.Group(MeteringKind.ProductionLoadCurve, days).Select(c => c.Days).ShouldBe([7, 3]);
    }

    [Fact]
    public void AnswerableClampsTheEndToTodayAndTheStartToTheHistoryLimit()
    {
        var today = D("2026-11-21");

        var daily = EnedisCalendar.Answerable(MeteringKind.DailyConsumption, new DateRange(D("2020-01-01"), D("2027-01-01")), today);
        var curve = EnedisCalendar.Answerable(MeteringKind.ConsumptionLoadCurve, new DateRange(D("2020-01-01"), D("2026-11-21")), today);

        daily.ShouldBe(new DateRange(D("2023-11-06"), today));
        curve!.Value.Start.ShouldBe(D("2024-11-06"));
    }

    [Fact]
    public void NothingIsAnswerableInTheFutureOrBeforeHistory()
    {
        var today = D("2026-11-21");

        EnedisCalendar.Answerable(MeteringKind.DailyConsumption, new DateRange(today, today.AddDays(3)), today).ShouldBeNull();
        EnedisCalendar.Answerable(MeteringKind.ConsumptionLoadCurve, new DateRange(D("2020-01-01"), D("2020-02-01")), today).ShouldBeNull();
    }

    [Fact]
    public void TodayIsTheParisCalendarDay()
    {
        var lateEvening = new FixedClock(new DateTimeOffset(2026, 6, 30, 22, 30, 0, TimeSpan.Zero));

        EnedisCalendar.Today(lateEvening).ShouldBe(D("2026-07-01"));
    }

    [Theory]
    [InlineData("2026-01-01 00:30:00", "PT30M", "2026-01-01 00:00:00")]
    [InlineData("2026-01-02 00:00:00", "PT30M", "2026-01-01 23:30:00")]
    [InlineData("2026-01-01 01:00:00", "PT10M", "2026-01-01 00:50:00")]
    [InlineData("2026-01-01 01:00:00", "PT60M", "2026-01-01 00:00:00")]
    [InlineData("2026-01-01 01:00:00", "PT15M", "2026-01-01 00:45:00")]
    public void LoadCurveTimestampsMoveFromIntervalEndToStart(string end, string length, string start)
    {
        var shifted = LoadCurveTimestamps.ShiftToStart(new IntervalReading("100", end, length));

        shifted.Date.ShouldBe(start);
    }

    [Theory]
    [InlineData("2026-01-01", null)]
    [InlineData("not a date", "PT30M")]
    [InlineData("2026-01-01 00:30:00", "half an hour")]
    public void ReadingsThatAreNotIntervalsAreLeftAlone(string date, string? length)
    {
        var reading = new IntervalReading("100", date, length);

        LoadCurveTimestamps.ShiftToStart(reading).ShouldBe(reading);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
