using System.Net;
using System.Net.Http.Json;
using MyElectricalData.Hosting;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Foundation;

/// <summary>
/// A topology of its own (PostgreSQL, Redis, the sandbox and the API): its tests kill the servers, which must not
/// disturb any other collection.
/// </summary>
public sealed class StorageOutageFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Projects.MyElectricalData_AppHost>();
        builder.KeepOnly("api");
        var api = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "api");
        // The tests probe in a loop while a server is down: neither the quota nor the login lock-out may answer instead.
        api.Environment["USER_DAILY_LIMIT_WITH_CACHE"] = EnvironmentValue.Of("100000");
        api.Environment["USER_DAILY_LIMIT_NO_CACHE"] = EnvironmentValue.Of("100000");
        api.Environment["LOGIN_MAX_FAILURES_PER_ADDRESS"] = EnvironmentValue.Of("100000");
        App = builder.Build();
        await App.StartAndWaitAsync();
    }

    /// <summary>A signed-up user with one PDL consented at the sandbox, and a client calling as them.</summary>
    public async Task<(TestUser User, HttpClient Client, string UsagePointId)> UserWithMeterAsync()
    {
        using var anonymous = App.CreateHttpClient("api");
        var email = GatewayClient.UniqueEmail("outage");
        using var response = await anonymous.PostAsJsonAsync("/api/accounts/signup", new { email, password = GatewayClient.StrongPassword });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var data = await response.DataAsync();
        var user = new TestUser(email, GatewayClient.StrongPassword, data.GetProperty("client_id").GetString()!, data.GetProperty("client_secret").GetString()!);
        var client = App.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.ClientSecret);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        await client.CreateConsentedPdlAsync(usagePointId);
        return (user, client, usagePointId);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class StorageOutageCollection : ICollectionFixture<StorageOutageFixture>
{
    public const string Name = "StorageOutage";
}
