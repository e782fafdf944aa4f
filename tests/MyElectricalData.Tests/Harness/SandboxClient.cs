using System.Net.Http.Json;
using System.Text.Json;

namespace MyElectricalData.Tests.Harness;

/// <summary>The Enedis sandbox of the topology: consents and its call log.</summary>
public static class SandboxClient
{
    public static HttpClient Sandbox(this AppHostFixture fixture) => fixture.CreateHttpClient("enedis-sandbox");

    public static async Task GrantConsentAsync(this AppHostFixture fixture, string usagePointId)
    {
        using var sandbox = fixture.Sandbox();
        (await sandbox.PostAsync($"/_sandbox/consents/{usagePointId}", null)).EnsureSuccessStatusCode();
    }

    /// <summary>Data calls the sandbox received for one usage point.</summary>
    public static async Task<List<JsonElement>> CallsForAsync(this AppHostFixture fixture, string usagePointId)
    {
        using var sandbox = fixture.Sandbox();
        var calls = await sandbox.GetFromJsonAsync<List<JsonElement>>("/_sandbox/calls") ?? [];
        return [.. calls.Where(c => c.GetProperty("path").GetString() is not null
            && c.TryGetProperty("usage_point_id", out var id) && id.GetString() == usagePointId)];
    }

    /// <summary>A signed-up user with one consented, active PDL.</summary>
    public static async Task<(TestUser User, HttpClient Client, string UsagePointId, Guid PdlId)> UserWithMeterAsync(this AppHostFixture fixture)
    {
        var user = await fixture.SignUpAsync();
        var client = fixture.ClientFor(user);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        var pdlId = await client.CreatePdlAsync(usagePointId);
        await fixture.GrantConsentAsync(usagePointId);
        return (user, client, usagePointId, pdlId);
    }
}
