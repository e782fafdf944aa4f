using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MyElectricalData.Tests.EnedisSandbox;

public sealed class FaultTests : IAsyncLifetime
{
    private const string Daily = "/metering_data_dc/v5/daily_consumption?start=2025-03-01&end=2025-03-02&usage_point_id=";

    private SandboxHost _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHost.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task AStatusFaultWithACountAppliesToThatManyCallsThenStops()
    {
        await Inject(SandboxHost.ProducerId, new { kind = "status", status = 503, count = 2 });

        var statuses = new List<HttpStatusCode>();
        for (var call = 0; call < 3; call++)
        {
            using var response = await _sandbox.GetDataAsync(Daily + SandboxHost.ProducerId);
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK]);
    }

    [Fact]
    public async Task AStatusFaultWithoutCountLastsUntilCleared()
    {
        await Inject(SandboxHost.ProducerId, new { kind = "status", status = 500 });
        for (var call = 0; call < 3; call++)
        {
            var error = await _sandbox.GetJsonAsync(Daily + SandboxHost.ProducerId, 500);
            error.Text("error").ShouldBe("ADAM-DC-0500");
        }

        (await _sandbox.Client.DeleteAsync("/_sandbox/faults")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await _sandbox.GetJsonAsync(Daily + SandboxHost.ProducerId);
    }

    [Fact]
    public async Task AFaultOnOneUsagePointLeavesTheOthersAlone()
    {
        await Inject(SandboxHost.ProducerId, new { kind = "status", status = 500 });

        await _sandbox.GetJsonAsync(Daily + SandboxHost.ConsumerOnlyId);
    }

    [Fact]
    public async Task FaultsApplyToCustomerEndpointsToo()
    {
        await Inject(SandboxHost.ProducerId, new { kind = "status", status = 503, count = 1 });

        await _sandbox.GetJsonAsync($"/customers_upc/v5/usage_points/contracts?usage_point_id={SandboxHost.ProducerId}", 503);
    }

    [Fact]
    public async Task ALatencyFaultDelaysTheNormalAnswer()
    {
        await Inject(SandboxHost.ProducerId, new { kind = "latency", delay_ms = 300, count = 1 });
        var watch = Stopwatch.StartNew();

        var json = await _sandbox.GetJsonAsync(Daily + SandboxHost.ProducerId);

        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
        json.GetProperty("meter_reading").GetProperty("interval_reading").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task ATimeoutFaultHoldsTheCallThenAnswersGatewayTimeout()
    {
        await Inject(SandboxHost.ProducerId, new { kind = "timeout", delay_ms = 200, count = 1 });
        var watch = Stopwatch.StartNew();

        using var response = await _sandbox.GetDataAsync(Daily + SandboxHost.ProducerId);

        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190));
        response.StatusCode.ShouldBe(HttpStatusCode.GatewayTimeout);
    }

    [Fact]
    public async Task AClientThatGivesUpOnATimeoutIsLoggedAsClientClosedRequest()
    {
        await Inject(SandboxHost.ProducerId, new { kind = "timeout", delay_ms = 30_000, count = 1 });
        using var impatient = new HttpClient { BaseAddress = _sandbox.Address, Timeout = TimeSpan.FromMilliseconds(300) };
        impatient.DefaultRequestHeaders.Authorization = new("Bearer", await _sandbox.TokenAsync());

        await Should.ThrowAsync<TaskCanceledException>(() => impatient.GetAsync(Daily + SandboxHost.ProducerId));

        // The sandbox notices the hang-up asynchronously: poll the log with a deadline.
        var calls = await Calls();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); calls.Count == 0 && DateTime.UtcNow < deadline; calls = await Calls())
        {
            await Task.Delay(50);
        }

        calls.ShouldHaveSingleItem().GetProperty("status").GetInt32().ShouldBe(499);
    }

    [Fact]
    public async Task AMalformedFaultAnswers200WithABodyThatIsNotJson()
    {
        await Inject(SandboxHost.ProducerId, new { kind = "malformed", count = 1 });

        using var response = await _sandbox.GetDataAsync(Daily + SandboxHost.ProducerId);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        Should.Throw<JsonException>(() => JsonDocument.Parse(body));
    }

    [Theory]
    [InlineData("12345678901234", """{"kind":"explode"}""")]
    [InlineData("12345678901234", """{"kind":"status","status":200}""")]
    [InlineData("12345678901234", """{"kind":"timeout"}""")]
    [InlineData("12345678901234", """{"kind":"status","status":500,"count":0}""")]
    [InlineData("123", """{"kind":"malformed"}""")]
    public async Task AnInvalidFaultIsRefused(string usagePointId, string body)
    {
        using var response = await _sandbox.Client.PostAsync($"/_sandbox/faults/{usagePointId}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TheCallLogRecordsEveryDataCallWithAMillisecondUtcTimestampPathUsagePointAndStatus()
    {
        await _sandbox.GetDataAsync(Daily + SandboxHost.ProducerId);
        await _sandbox.GetDataAsync(Daily + "11111111111111");
        await _sandbox.Client.GetAsync("/customers_i/v5/identity?usage_point_id=" + SandboxHost.ProducerId);
        await _sandbox.Client.GetAsync("/health");

        var calls = await Calls();

        calls.Count.ShouldBe(3);
        calls.Select(call => call.GetProperty("status").GetInt32()).ShouldBe([200, 403, 401]);
        calls.Select(call => call.Text("path")).ShouldBe(["/metering_data_dc/v5/daily_consumption", "/metering_data_dc/v5/daily_consumption", "/customers_i/v5/identity"]);
        calls.Select(call => call.Text("usage_point_id")).ShouldBe([SandboxHost.ProducerId, "11111111111111", SandboxHost.ProducerId]);
        calls.ShouldAllBe(call => System.Text.RegularExpressions.Regex.IsMatch(call.GetProperty("timestamp").GetString()!, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"));
        calls[0].Text("start").ShouldBe("2025-03-01");
        calls[0].Text("end").ShouldBe("2025-03-02");
    }

    [Fact]
    public async Task ClearingTheCallLogStartsItAfresh()
    {
        await _sandbox.GetDataAsync(Daily + SandboxHost.ProducerId);

        (await _sandbox.Client.DeleteAsync("/_sandbox/calls")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Calls()).ShouldBeEmpty();
    }

    [Fact]
    public async Task TheCallLogKeepsOnlyTheMostRecentCallsUpToItsCapacity()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:CallLogCapacity"] = "3" });
        foreach (var day in new[] { "01", "02", "03", "04", "05" })
        {
            await sandbox.GetDataAsync($"/metering_data_dc/v5/daily_consumption?usage_point_id={SandboxHost.ProducerId}&start=2025-03-{day}&end=2025-03-10");
        }

        using var json = JsonDocument.Parse(await sandbox.Client.GetStringAsync("/_sandbox/calls"));

        json.RootElement.EnumerateArray().Select(call => call.Text("start")).ShouldBe(["2025-03-03", "2025-03-04", "2025-03-05"]);
    }

    [Fact]
    public async Task FaultsCanBeListedAndClearedOneByOne()
    {
        await Inject(SandboxHost.ProducerId, new { kind = "latency", delay_ms = 10 });
        await Inject(SandboxHost.ConsumerOnlyId, new { kind = "status", status = 500, count = 3 });

        (await _sandbox.Client.DeleteAsync($"/_sandbox/faults/{SandboxHost.ProducerId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var json = JsonDocument.Parse(await _sandbox.Client.GetStringAsync("/_sandbox/faults"));
        var fault = json.RootElement.EnumerateArray().ShouldHaveSingleItem();
        fault.Text("usage_point_id").ShouldBe(SandboxHost.ConsumerOnlyId);
        fault.Text("kind").ShouldBe("status");
        fault.GetProperty("remaining_calls").GetInt32().ShouldBe(3);
    }

    private async Task Inject(string usagePointId, object fault)
    {
        using var response = await _sandbox.Client.PostAsJsonAsync($"/_sandbox/faults/{usagePointId}", fault);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<List<JsonElement>> Calls()
    {
        using var json = JsonDocument.Parse(await _sandbox.Client.GetStringAsync("/_sandbox/calls"));
        return [.. json.RootElement.EnumerateArray().Select(call => call.Clone())];
    }
}
