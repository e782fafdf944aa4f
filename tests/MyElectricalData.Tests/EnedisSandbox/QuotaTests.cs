using System.Net;
using System.Text.Json;

namespace MyElectricalData.Tests.EnedisSandbox;

public sealed class QuotaTests
{
    private const string Daily = "/metering_data_dc/v5/daily_consumption?usage_point_id=12345678901234&start=2025-03-01&end=2025-03-02";

    [Fact]
    public async Task TheSixthCallWithinOneSecondIsRefusedWithQuotaQ3AndARetryTime()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RatePerSecond"] = "5" }, frozenClock: true);
        await sandbox.TokenAsync();
        for (var call = 0; call < 5; call++)
        {
            (await sandbox.GetDataAsync(Daily)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var refused = await sandbox.GetDataAsync(Daily);

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        json.RootElement.Text("error").ShouldBe("Quota Q3 reached");
        json.RootElement.Text("next_access_time").ShouldBe("2025-03-15T09:00:01.000Z");
    }

    [Fact]
    public async Task CallsAreAllowedAgainOnceTheSecondHasSlid()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RatePerSecond"] = "5" }, frozenClock: true);
        for (var call = 0; call < 5; call++)
        {
            (await sandbox.GetDataAsync(Daily)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await sandbox.GetDataAsync(Daily)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        (await sandbox.GetDataAsync(Daily)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ClearingTheQuotaAdmitsCallsAtOnce()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RatePerSecond"] = "2" }, frozenClock: true);
        (await sandbox.GetDataAsync(Daily)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sandbox.GetDataAsync(Daily)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sandbox.GetDataAsync(Daily)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        (await sandbox.Client.DeleteAsync("/_sandbox/quota")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await sandbox.GetDataAsync(Daily)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheQuotaIsSharedByAllDataEndpointsAndUsagePoints()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RatePerSecond"] = "2" }, frozenClock: true);
        (await sandbox.GetDataAsync("/customers_i/v5/identity?usage_point_id=12345678901234")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sandbox.GetDataAsync("/customers_cd/v5/contact_data?usage_point_id=98765432109876")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await sandbox.GetDataAsync(Daily)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task TheHourlyQuotaIsQ4()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RatePerHour"] = "3" }, frozenClock: true);
        for (var call = 0; call < 3; call++)
        {
            (await sandbox.GetDataAsync(Daily)).StatusCode.ShouldBe(HttpStatusCode.OK);
            sandbox.Clock.Advance(TimeSpan.FromSeconds(10));
        }

        using var refused = await sandbox.GetDataAsync(Daily);

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        json.RootElement.Text("error").ShouldBe("Quota Q4 reached");
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(3600 - 30));
    }

    [Fact]
    public async Task TokenAndControlCallsDoNotCountAgainstTheQuota()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RatePerSecond"] = "1" }, frozenClock: true);
        await sandbox.TokenAsync();
        await sandbox.Client.GetAsync("/_sandbox/calls");
        await sandbox.Client.GetAsync("/health");

        (await sandbox.GetDataAsync(Daily)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
