using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MyElectricalData.Enedis;
using MyElectricalData.EnedisSandbox;
using MyElectricalData.Hosting;
using MyElectricalData.Tests.Harness;
using StackExchange.Redis;

namespace MyElectricalData.Tests.Enedis;

/// <summary>
/// A Redis and an Enedis sandbox of its own (from the AppHost model, as processes), so that budget and call-log
/// measurements see only this collection's calls, timed by a server that does not share the test's process.
/// </summary>
public sealed class EnedisProviderFixture : IAsyncLifetime
{
    private DistributedApplication _app = null!;

    public string RedisConnectionString { get; private set; } = "";

    public Uri SandboxUrl { get; private set; } = null!;

    public HttpClient Sandbox { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Projects.MyElectricalData_AppHost>();
        builder.KeepOnly("redis", "enedis-sandbox");
        _app = builder.Build();
        await _app.StartAndWaitAsync();
        RedisConnectionString = _app.GetConnectionString("redis")!;
        SandboxUrl = _app.GetEndpoint("enedis-sandbox");
        Sandbox = new HttpClient { BaseAddress = SandboxUrl };
    }

    /// <summary>An extra in-process sandbox with its own settings (e.g. a stricter quota).</summary>
    public static async Task<WebApplication> StartSandboxAsync(IDictionary<string, string?>? settings = null)
    {
        var sandbox = SandboxApp.Create([], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Logging.ClearProviders();
            if (settings is not null)
            {
                b.Configuration.AddInMemoryCollection(settings);
            }
        });
        await sandbox.StartAsync();
        return sandbox;
    }

    /// <summary>A provider as an API replica or the worker builds it, pointed at <paramref name="sandbox"/>.</summary>
    public IServiceProvider CreateProvider(Uri? sandbox = null, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ENEDIS_ENVIRONMENT"] = "simulator",
            ["services:enedis-sandbox:http:0"] = (sandbox ?? SandboxUrl).ToString(),
            ["ENEDIS_CLIENT_ID"] = "sandbox-client",
            ["ENEDIS_CLIENT_SECRET"] = "sandbox-secret",
            ["ENEDIS_CIRCUIT_BREAK_SECONDS"] = "2",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect(RedisConnectionString));
        builder.AddEnedisProvider();
        return builder.Build().Services;
    }

    public async Task<IReadOnlyList<SandboxCall>> CallsAsync(HttpClient? sandbox = null) =>
        await (sandbox ?? Sandbox).GetFromJsonAsync<List<SandboxCall>>("/_sandbox/calls", SnakeCase) ?? [];

    private static readonly System.Text.Json.JsonSerializerOptions SnakeCase = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
    };

    public async Task ResetAsync()
    {
        await Sandbox.DeleteAsync("/_sandbox/calls");
        await Sandbox.DeleteAsync("/_sandbox/faults");
        using var redis = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString);
        await redis.GetDatabase().KeyDeleteAsync(["enedis:budget:second", "enedis:budget:hour"]);
    }

    public async Task DisposeAsync()
    {
        Sandbox.Dispose();
        await _app.DisposeAsync();
    }
}

public sealed record SandboxCall(DateTimeOffset Timestamp, string Method, string Path, string? UsagePointId, string? Start, string? End, int Status, double DurationMs);

/// <summary>
/// Runs alone: budget measurements are timed at the sandbox, and on a shared two-core machine other collections'
/// load delays its scheduling enough to bunch arrivals that left us evenly spaced.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnedisProviderCollection : ICollectionFixture<EnedisProviderFixture>
{
    public const string Name = "EnedisProvider";
}
