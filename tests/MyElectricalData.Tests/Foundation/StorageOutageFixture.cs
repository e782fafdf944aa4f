using System.Net;
using System.Net.Http.Json;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Foundation;

/// <summary>
/// A topology of its own (PostgreSQL, Redis, the sandbox and the API): its tests kill the servers, which must not
/// disturb any other collection.
/// </summary>
public sealed class StorageOutageFixture : IAsyncLifetime
{
    public TestTopology Topology { get; private set; } = null!;

    public DistributedApplication App => Topology.App;

    public async Task InitializeAsync()
    {
        Topology = (await TestTopology.CreateAsync()).KeepOnly("api")
            // The tests probe in a loop while a server is down: neither the quota nor the login lock-out may answer instead.
            .WithEnvironment("api", "USER_DAILY_LIMIT_WITH_CACHE", "100000")
            .WithEnvironment("api", "USER_DAILY_LIMIT_NO_CACHE", "100000")
            .WithEnvironment("api", "LOGIN_MAX_FAILURES_PER_ADDRESS", "100000");
        await Topology.StartAsync();
    }

    /// <summary>A signed-up user with one PDL consented at the sandbox, and a client calling as them.</summary>
    public async Task<(TestUser User, HttpClient Client, string UsagePointId)> UserWithMeterAsync()
    {
        using var anonymous = Topology.CreateHttpClient("api");
        var email = GatewayClient.UniqueEmail("outage");
        using var response = await anonymous.PostAsJsonAsync("/api/accounts/signup", new { email, password = GatewayClient.StrongPassword });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var data = await response.DataAsync();
        var user = new TestUser(email, GatewayClient.StrongPassword, data.GetProperty("client_id").GetString()!, data.GetProperty("client_secret").GetString()!);
        var client = Topology.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.ClientSecret);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        await client.CreateConsentedPdlAsync(usagePointId);
        return (user, client, usagePointId);
    }

    public async Task DisposeAsync() => await Topology.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class StorageOutageCollection : ICollectionFixture<StorageOutageFixture>
{
    public const string Name = "StorageOutage";
}
