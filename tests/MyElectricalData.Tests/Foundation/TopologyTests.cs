using System.Net;
using System.Text.Json;
using MyElectricalData.Tests.Harness;
using Npgsql;
using StackExchange.Redis;

namespace MyElectricalData.Tests.Foundation;

[Collection(AppHostCollection.Name)]
public sealed class TopologyTests(AppHostFixture fixture)
{
    [Fact]
    public async Task ApiHealthIsHealthyAndReportsPostgreSqlAndRedis()
    {
        using var client = fixture.CreateHttpClient("api");

        using var response = await client.GetAsync("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        report.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        var checks = report.RootElement.GetProperty("checks");
        // The checks the Aspire client integrations register: Npgsql EF Core names it after the DbContext.
        checks.GetProperty("GatewayDbContext").GetProperty("status").GetString().ShouldBe("Healthy");
        checks.GetProperty("StackExchange.Redis").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task AliveReportsOnlyLiveness()
    {
        using var client = fixture.CreateHttpClient("api");

        using var report = JsonDocument.Parse(await client.GetStringAsync("/alive"));

        report.RootElement.GetProperty("checks").EnumerateObject().Select(c => c.Name).ShouldBe(["self"]);
    }

    [Fact]
    public async Task ApiServesItsOpenApiDocumentAndSwaggerUi()
    {
        using var client = fixture.CreateHttpClient("api");

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        using var docs = await client.GetAsync("/docs/index.html");
        var configuration = await client.GetStringAsync("/docs/index.js");

        document.RootElement.GetProperty("openapi").GetString().ShouldStartWith("3.");
        docs.StatusCode.ShouldBe(HttpStatusCode.OK);
        configuration.ShouldContain("/openapi/v1.json");
    }

    [Fact]
    public async Task PostgreSqlRoundTripsThroughTheMigratedDatabase()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString("myelectricaldata"));
        await connection.OpenAsync();
        var id = $"test-{Guid.NewGuid():N}";

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO service_heartbeats (instance_id, service, beat_at, started_at) VALUES (@id, 'test', now(), now())", connection))
        {
            insert.Parameters.AddWithValue("id", id);
            (await insert.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        await using var select = new NpgsqlCommand("SELECT service FROM service_heartbeats WHERE instance_id = @id", connection);
        select.Parameters.AddWithValue("id", id);

        (await select.ExecuteScalarAsync()).ShouldBe("test");
    }

    [Fact]
    public async Task RedisRoundTripsAValue()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString("redis"));
        var key = $"test:{Guid.NewGuid():N}";

        (await redis.GetDatabase().StringSetAsync(key, "linky", TimeSpan.FromMinutes(1))).ShouldBeTrue();

        ((string?)await redis.GetDatabase().StringGetAsync(key)).ShouldBe("linky");
    }

    [Fact]
    public async Task RedisRefusesClientsWithoutThePassword()
    {
        var endpoint = fixture.ConnectionString("redis").Split(',')[0];
        var options = ConfigurationOptions.Parse(endpoint);
        options.AbortOnConnectFail = false;
        using var redis = await ConnectionMultiplexer.ConnectAsync(options);

        await Should.ThrowAsync<RedisException>(() => redis.GetDatabase().StringGetAsync("anything"));
    }

    [Fact]
    public async Task WorkerRecordsItsHeartbeatInPostgreSql()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString("myelectricaldata"));
        await connection.OpenAsync();

        var beats = await Poll.UntilAsync(async () =>
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM service_heartbeats WHERE service = 'worker'", connection);
            return (long)(await count.ExecuteScalarAsync())!;
        }, n => n > 0, TimeSpan.FromSeconds(30), "a worker heartbeat row");

        beats.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task WorkerIsHealthyOverHttp()
    {
        using var client = fixture.CreateHttpClient("worker");

        using var response = await client.GetAsync("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void MigrationsRanOnceAndFinished()
    {
        fixture.App.GetResource<MyElectricalData.Hosting.ProjectResource>("migrations").State
            .ShouldBe(MyElectricalData.Hosting.ResourceState.Finished);
    }
}
