using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Dashboard;

/// <summary>The API and what it needs, started with the Aspire dashboard on (the shared AppHost fixture keeps it off).</summary>
public sealed class DashboardTopologyFixture : IAsyncLifetime
{
    public TestTopology Topology { get; private set; } = null!;

    public DashboardTelemetry Telemetry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Topology = await (await TestTopology.CreateAsync(withDashboard: true)).KeepOnly("api").StartAsync();
        Telemetry = await DashboardTelemetry.ConnectAsync(Topology);
    }

    /// <summary>A data request that reaches Enedis (the sandbox): sign up, add a consented PDL, read its daily consumption.</summary>
    public async Task<string> ReadDailyConsumptionAsync()
    {
        using var api = Topology.CreateHttpClient("api");
        using var signup = await api.PostAsJsonAsync("/api/accounts/signup", new { email = GatewayClient.UniqueEmail("dashboard"), password = GatewayClient.StrongPassword });
        signup.StatusCode.ShouldBe(HttpStatusCode.Created, await signup.Content.ReadAsStringAsync());
        var secret = JsonDocument.Parse(await signup.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("client_secret").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        await api.CreateConsentedPdlAsync(usagePointId);
        var today = MyElectricalData.Enedis.Dates.EnedisCalendar.Today(TimeProvider.System);
        using var daily = await api.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={today.AddDays(-7):yyyy-MM-dd}&end={today:yyyy-MM-dd}");
        daily.StatusCode.ShouldBe(HttpStatusCode.OK, await daily.Content.ReadAsStringAsync());
        return usagePointId;
    }

    public async Task DisposeAsync() => await Topology.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class DashboardTopologyCollection : ICollectionFixture<DashboardTopologyFixture>
{
    public const string Name = "Dashboard topology";
}
