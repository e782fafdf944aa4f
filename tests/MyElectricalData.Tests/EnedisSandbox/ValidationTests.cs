using System.Text.Json;

namespace MyElectricalData.Tests.EnedisSandbox;

/// <summary>Enedis' request rules and error codes (SPEC §5), with "today" = 2025-03-15 in Paris.</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private const string Daily = "/metering_data_dc/v5/daily_consumption";
    private const string LoadCurve = "/metering_data_clc/v5/consumption_load_curve";
    private const string MaxPower = "/metering_data_dcmp/v5/daily_consumption_max_power";
    private const string Producer = SandboxHost.ProducerId;

    private SandboxHost _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHost.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Theory]
    [InlineData("start=2025-03-01&end=2025-03-02", "usage_point_id parameter is required")]
    [InlineData("usage_point_id=1234&start=2025-03-01&end=2025-03-02", "14 digits")]
    [InlineData("usage_point_id=1234567890123a&start=2025-03-01&end=2025-03-02", "14 digits")]
    [InlineData("usage_point_id=12345678901234&end=2025-03-02", "Start date parameter is required")]
    [InlineData("usage_point_id=12345678901234&start=2025/03/01&end=2025-03-02", "Start date parameter must be in the format YYYY-MM-DD")]
    [InlineData("usage_point_id=12345678901234&start=2025-02-30&end=2025-03-02", "Start date parameter must be in the format YYYY-MM-DD")]
    [InlineData("usage_point_id=12345678901234&start=2025-03-01", "End date parameter is required")]
    [InlineData("usage_point_id=12345678901234&start=2025-03-01&end=20250302", "End date parameter must be in the format YYYY-MM-DD")]
    [InlineData("usage_point_id=12345678901234&start=2025-03-01&end=2025-03-16", "earlier than the current date")]
    [InlineData("usage_point_id=12345678901234&start=2025-03-05&end=2025-03-05", "Start date should be before end date")]
    [InlineData("usage_point_id=12345678901234&start=2025-03-06&end=2025-03-05", "Start date should be before end date")]
    public async Task AMissingOrIllFormedParameterIsAnInvalidRequest(string query, string description)
    {
        var error = await _sandbox.GetJsonAsync($"{Daily}?{query}", 400);

        error.Keys().ShouldBe(["error", "error_description", "error_uri"]);
        error.Text("error").ShouldBe("invalid_request");
        error.Text("error_description").ShouldContain(description);
    }

    [Theory]
    [InlineData(Daily)]
    [InlineData(LoadCurve)]
    [InlineData(MaxPower)]
    public async Task TodayIsAnAcceptedEndBecauseEndIsExclusiveAndYesterdayIsTheLastDay(string path)
    {
        var json = await _sandbox.GetJsonAsync($"{path}?usage_point_id={Producer}&start=2025-03-14&end=2025-03-15");

        json.GetProperty("meter_reading").GetProperty("interval_reading").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task ALoadCurveOfSevenDaysIsAccepted() =>
        await _sandbox.GetJsonAsync($"{LoadCurve}?usage_point_id={Producer}&start=2025-03-01&end=2025-03-08");

    [Theory]
    [InlineData(LoadCurve)]
    [InlineData("/metering_data_plc/v5/production_load_curve")]
    public async Task ALoadCurveOfMoreThanSevenDaysIsRefusedWithAdamDc0015(string path)
    {
        var error = await _sandbox.GetJsonAsync($"{path}?usage_point_id={Producer}&start=2025-03-01&end=2025-03-09", 400);

        error.Text("error").ShouldBe("ADAM-DC-0015");
    }

    [Theory]
    [InlineData(Daily)]
    [InlineData(MaxPower)]
    [InlineData("/metering_data_dp/v5/daily_production")]
    public async Task DailyDataOverMoreThan365DaysIsRefusedButExactly365IsAccepted(string path)
    {
        await _sandbox.GetJsonAsync($"{path}?usage_point_id={Producer}&start=2024-03-15&end=2025-03-15");

        var error = await _sandbox.GetJsonAsync($"{path}?usage_point_id={Producer}&start=2024-03-14&end=2025-03-15", 400);

        error.Text("error").ShouldBe("invalid_request");
    }

    [Fact]
    public async Task ALoadCurveStartingBeforeTwentyFourMonthsAndFifteenDaysIsRefusedWithAdamDc0016()
    {
        // 2025-03-15 - 24 months - 15 days = 2023-02-28.
        await _sandbox.GetJsonAsync($"{LoadCurve}?usage_point_id={Producer}&start=2023-02-28&end=2023-03-01");

        var error = await _sandbox.GetJsonAsync($"{LoadCurve}?usage_point_id={Producer}&start=2023-02-27&end=2023-03-01", 400);

        error.Text("error").ShouldBe("ADAM-DC-0016");
    }

    [Theory]
    [InlineData(Daily)]
    [InlineData(MaxPower)]
    public async Task DailyDataStartingBeforeThirtySixMonthsAndFifteenDaysIsRefusedWithAdamDc0016(string path)
    {
        // 2025-03-15 - 36 months - 15 days = 2022-02-28.
        await _sandbox.GetJsonAsync($"{path}?usage_point_id={Producer}&start=2022-02-28&end=2022-03-01");

        var error = await _sandbox.GetJsonAsync($"{path}?usage_point_id={Producer}&start=2022-02-27&end=2022-03-01", 400);

        error.Text("error").ShouldBe("ADAM-DC-0016");
    }

    [Theory]
    [InlineData("/metering_data_dp/v5/daily_production")]
    [InlineData("/metering_data_plc/v5/production_load_curve")]
    public async Task ProductionAskedOnAConsumptionOnlyMeterIsRefusedWithAdamErr0069(string path)
    {
        var error = await _sandbox.GetJsonAsync($"{path}?usage_point_id={SandboxHost.ConsumerOnlyId}&start=2025-03-01&end=2025-03-02", 400);

        error.Text("error").ShouldBe("ADAM-ERR0069");
    }

    [Theory]
    [InlineData(Daily + "?usage_point_id=11111111111111&start=2025-03-01&end=2025-03-02")]
    [InlineData(LoadCurve + "?usage_point_id=11111111111111&start=2025-03-01&end=2025-03-02")]
    [InlineData("/customers_upc/v5/usage_points/contracts?usage_point_id=11111111111111")]
    [InlineData("/customers_cd/v5/contact_data?usage_point_id=11111111111111")]
    public async Task AUsagePointWithoutConsentIsForbiddenWithAdamDc0008(string pathAndQuery)
    {
        var error = await _sandbox.GetJsonAsync(pathAndQuery, 403);

        error.Text("error").ShouldBe("ADAM-DC-0008");
        error.Text("error_description").ShouldBe("No consent can be found for this customer and this usage point.");
    }

    [Fact]
    public async Task AUsagePointConfiguredWithoutDataAnswersNoDataFound()
    {
        var error = await _sandbox.GetJsonAsync($"{Daily}?usage_point_id={SandboxHost.NoDataId}&start=2025-03-01&end=2025-03-02", 404);

        error.Text("error").ShouldBe("no_data_found");
    }

    [Theory]
    [InlineData("", "usage_point_id parameter is required")]
    [InlineData("?usage_point_id=42", "14 digits")]
    public async Task CustomerEndpointsRefuseAMissingOrIllFormedUsagePoint(string query, string description)
    {
        var error = await _sandbox.GetJsonAsync($"/customers_i/v5/identity{query}", 400);

        error.Text("error").ShouldBe("invalid_request");
        error.Text("error_description").ShouldContain(description);
    }

    [Fact]
    public async Task TodayFollowsTheParisCalendarNotUtc()
    {
        // 23:30 UTC on 14 March is already 15 March in Paris: 15 March is then an acceptable end.
        await using var lateEvening = await SandboxHost.StartAsync(now: new DateTimeOffset(2025, 3, 14, 23, 30, 0, TimeSpan.Zero));

        var json = await lateEvening.GetJsonAsync($"{Daily}?usage_point_id={Producer}&start=2025-03-14&end=2025-03-15");

        json.GetProperty("meter_reading").GetProperty("interval_reading").GetArrayLength().ShouldBe(1);
        (await lateEvening.GetJsonAsync($"{Daily}?usage_point_id={Producer}&start=2025-03-15&end=2025-03-16", 400)).ValueKind.ShouldBe(JsonValueKind.Object);
    }
}
