using System.Net.Http.Json;
using System.Text.Json;

namespace MyElectricalData.Tests.Harness;

/// <summary>The Enedis sandbox of the topology: consents and its call log.</summary>
public static class SandboxClient
{
    public static HttpClient Sandbox(this AppHostFixture fixture) => fixture.CreateHttpClient("enedis-sandbox");

    /// <summary>Data calls the sandbox received for one usage point (only those to <paramref name="path"/> when given).</summary>
    public static async Task<List<JsonElement>> CallsForAsync(this AppHostFixture fixture, string usagePointId, string? path = null)
    {
        using var sandbox = fixture.Sandbox();
        var calls = await sandbox.GetFromJsonAsync<List<JsonElement>>("/_sandbox/calls") ?? [];
        return [.. calls.Where(c => c.GetProperty("path").GetString() is { } called && (path is null || called == path)
            && c.TryGetProperty("usage_point_id", out var id) && id.GetString() == usagePointId)];
    }

    /// <summary>The daily consumption endpoint: what a consent's description of a new meter (contract, production) never calls.</summary>
    public const string DailyConsumption = "/metering_data_dc/v5/daily_consumption";

    /// <summary>A signed-up user with one consented, active PDL.</summary>
    public static async Task<(TestUser User, HttpClient Client, string UsagePointId, Guid PdlId)> UserWithMeterAsync(this AppHostFixture fixture)
    {
        var user = await fixture.SignUpAsync();
        var client = fixture.ClientFor(user);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        var pdlId = await client.CreateConsentedPdlAsync(usagePointId);
        return (user, client, usagePointId, pdlId);
    }
}
