using System.Globalization;
using System.Text.Json;

namespace MyElectricalData.Tests.EnedisSandbox;

/// <summary>The generated data: deterministic, seasonal, consistent between daily values, curves and peaks.</summary>
public sealed class DataTests : IAsyncLifetime
{
    private SandboxHost _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?>
    {
        ["Sandbox:AlwaysConsentedUsagePoints"] = "12345678901234;98765432109876;11111111111112;11111111111113",
    });

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Theory]
    [InlineData("/metering_data_dc/v5/daily_consumption?usage_point_id=12345678901234&start=2024-06-01&end=2025-03-01")]
    [InlineData("/metering_data_clc/v5/consumption_load_curve?usage_point_id=12345678901234&start=2025-02-01&end=2025-02-08")]
    [InlineData("/metering_data_plc/v5/production_load_curve?usage_point_id=12345678901234&start=2024-07-01&end=2024-07-08")]
    [InlineData("/metering_data_dcmp/v5/daily_consumption_max_power?usage_point_id=98765432109876&start=2024-06-01&end=2025-03-01")]
    [InlineData("/customers_upa/v5/usage_points/addresses?usage_point_id=98765432109876")]
    public async Task TheSameRequestAnswersTheSameValuesInAnotherSandboxRun(string pathAndQuery)
    {
        await using var secondRun = await SandboxHost.StartAsync(now: SandboxHost.DefaultNow.AddHours(5));

        var first = await _sandbox.GetJsonAsync(pathAndQuery);
        var second = await secondRun.GetJsonAsync(pathAndQuery);

        second.GetRawText().ShouldBe(first.GetRawText());
    }

    [Fact]
    public async Task LoadCurveTimestampsMarkTheEndOfEachHalfHourInParisTime()
    {
        var dates = (await Points("/metering_data_clc/v5/consumption_load_curve", SandboxHost.ProducerId, "2025-03-10", "2025-03-11"))
            .Select(point => point.Text("date")).ToList();

        dates.Count.ShouldBe(48);
        dates[0].ShouldBe("2025-03-10 00:30:00");
        dates[1].ShouldBe("2025-03-10 01:00:00");
        dates[^1].ShouldBe("2025-03-11 00:00:00");
        dates.Select(Parse).Zip(dates.Skip(1).Select(Parse)).ShouldAllBe(pair => pair.Second - pair.First == TimeSpan.FromMinutes(30));
    }

    [Theory]
    [InlineData("2024-03-31", "2024-04-01", 46)]
    [InlineData("2024-10-27", "2024-10-28", 50)]
    public async Task DaylightSavingDaysHaveAsManyHalfHoursAsTheyLast(string start, string end, int expected)
    {
        var points = await Points("/metering_data_clc/v5/consumption_load_curve", SandboxHost.ProducerId, start, end);

        points.Count.ShouldBe(expected);
    }

    [Theory]
    [InlineData("/metering_data_dc/v5/daily_consumption", "/metering_data_clc/v5/consumption_load_curve", "2025-01-06")]
    [InlineData("/metering_data_dp/v5/daily_production", "/metering_data_plc/v5/production_load_curve", "2024-06-21")]
    public async Task ALoadCurvesEnergyMatchesTheDailyValueOfItsDay(string dailyPath, string curvePath, string day)
    {
        var next = DateOnly.Parse(day, CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var dailyWh = Value((await Points(dailyPath, SandboxHost.ProducerId, day, next)).Single());

        var curveWh = (await Points(curvePath, SandboxHost.ProducerId, day, next)).Sum(point => Value(point) * 0.5);

        curveWh.ShouldBe(dailyWh, tolerance: dailyWh * 0.01);
    }

    [Fact]
    public async Task WinterDaysConsumeMoreThanSummerDays()
    {
        var january = await Average("/metering_data_dc/v5/daily_consumption", SandboxHost.ConsumerOnlyId, "2025-01-01", "2025-02-01");
        var july = await Average("/metering_data_dc/v5/daily_consumption", SandboxHost.ConsumerOnlyId, "2024-07-01", "2024-08-01");

        january.ShouldBeGreaterThan(july * 1.4);
        january.ShouldBeInRange(18_000, 32_000);
        july.ShouldBeInRange(11_000, 20_000);
    }

    [Fact]
    public async Task WeekendsConsumeMoreThanWeekdays()
    {
        var points = await Points("/metering_data_dc/v5/daily_consumption", SandboxHost.ConsumerOnlyId, "2024-03-15", "2025-03-15");
        var byWeekend = points.GroupBy(point => DateOnly.Parse(point.Text("date"), CultureInfo.InvariantCulture).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            .ToDictionary(group => group.Key, group => group.Average(Value));

        byWeekend[true].ShouldBeGreaterThan(byWeekend[false] * 1.1);
    }

    [Fact]
    public async Task SolarProductionIsHigherInSummerAndHasCloudyDays()
    {
        var june = (await Points("/metering_data_dp/v5/daily_production", SandboxHost.ProducerId, "2024-06-01", "2024-07-01")).Select(Value).ToList();
        var december = await Average("/metering_data_dp/v5/daily_production", SandboxHost.ProducerId, "2024-12-01", "2025-01-01");

        june.Average().ShouldBeGreaterThan(december * 3);
        june.Max().ShouldBeInRange(17_000, 23_000);
        june.Count(value => value < june.Max() * 0.5).ShouldBeGreaterThan(0, "some June days are cloudy");
    }

    [Fact]
    public async Task SolarProductionIsZeroAtNight()
    {
        var points = await Points("/metering_data_plc/v5/production_load_curve", SandboxHost.ProducerId, "2024-12-10", "2024-12-11");

        points.Where(point => point.Text("date").EndsWith("03:00:00", StringComparison.Ordinal) || point.Text("date").EndsWith("23:00:00", StringComparison.Ordinal))
            .ShouldAllBe(point => point.GetProperty("value").GetString() == "0");
        points.Max(Value).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task MaxPowerStaysWithinTheSubscribedPowerAndIsTimestampedOnItsDay()
    {
        var points = await Points("/metering_data_dcmp/v5/daily_consumption_max_power", SandboxHost.ConsumerOnlyId, "2024-12-01", "2025-03-01");

        points.ShouldAllBe(point => Value(point) > 0 && Value(point) <= 6000);
        points.ShouldAllBe(point => point.Text("date").Length == 19);
        points.Select(point => Parse(point.Text("date")).Date).Distinct().Count().ShouldBe(points.Count);
    }

    [Fact]
    public async Task MetersWithAnEvenLastDigitProduceAndOthersDoNot()
    {
        await _sandbox.GetJsonAsync("/metering_data_dp/v5/daily_production?usage_point_id=11111111111112&start=2025-03-01&end=2025-03-02");

        var error = await _sandbox.GetJsonAsync("/metering_data_dp/v5/daily_production?usage_point_id=11111111111113&start=2025-03-01&end=2025-03-02", 400);

        error.Text("error").ShouldBe("ADAM-ERR0069");
    }

    private async Task<List<JsonElement>> Points(string path, string usagePointId, string start, string end) =>
        [.. (await _sandbox.GetJsonAsync($"{path}?usage_point_id={usagePointId}&start={start}&end={end}"))
            .GetProperty("meter_reading").GetProperty("interval_reading").EnumerateArray()];

    private async Task<double> Average(string path, string usagePointId, string start, string end) =>
        (await Points(path, usagePointId, start, end)).Average(Value);

    private static double Value(JsonElement point) => double.Parse(point.Text("value"), CultureInfo.InvariantCulture);

    private static DateTime Parse(string enedisDateTime) =>
        DateTime.ParseExact(enedisDateTime, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
