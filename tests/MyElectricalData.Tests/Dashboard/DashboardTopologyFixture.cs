using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MyElectricalData.Hosting;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Dashboard;

/// <summary>The API and what it needs, started with the dashboard on (the shared AppHost fixture keeps it off).</summary>
public sealed class DashboardTopologyFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Dashboard { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Projects.MyElectricalData_AppHost>(o => o.EnableDashboard = true);
        builder.KeepOnly("api");
        App = builder.Build();
        await App.StartAndWaitAsync();
        Dashboard = new HttpClient { BaseAddress = App.Dashboard!.Url };
        Dashboard.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", App.Dashboard.BrowserToken);
    }

    /// <summary>Signs a user up and reads their account: a request through the API, its auth and the database.</summary>
    public async Task<string> SignUpAndReadAccountAsync()
    {
        using var api = App.CreateHttpClient("api");
        var email = GatewayClient.UniqueEmail("dashboard");
        using var signup = await api.PostAsJsonAsync("/api/accounts/signup", new { email, password = GatewayClient.StrongPassword });
        signup.StatusCode.ShouldBe(HttpStatusCode.Created, await signup.Content.ReadAsStringAsync());
        var secret = JsonDocument.Parse(await signup.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("client_secret").GetString();
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/accounts/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await api.SendAsync(me);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return email;
    }

    /// <summary>A data request that reaches Enedis (the sandbox): sign up, add a consented PDL, read its contract.</summary>
    public async Task ReadContractAsync()
    {
        using var api = App.CreateHttpClient("api");
        using var signup = await api.PostAsJsonAsync("/api/accounts/signup", new { email = GatewayClient.UniqueEmail("dashboard"), password = GatewayClient.StrongPassword });
        var secret = JsonDocument.Parse(await signup.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("client_secret").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        await api.CreateConsentedPdlAsync(usagePointId);
        using var contract = await api.GetAsync($"/api/enedis/contract/{usagePointId}");
        contract.StatusCode.ShouldBe(HttpStatusCode.OK, await contract.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Dashboard.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        Dashboard?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardTopologyCollection : ICollectionFixture<DashboardTopologyFixture>
{
    public const string Name = "Dashboard topology";
}
