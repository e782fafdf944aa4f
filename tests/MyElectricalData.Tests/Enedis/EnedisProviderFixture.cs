using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MyElectricalData.Enedis;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.EnedisSandbox;
using MyElectricalData.ServiceDefaults;
using MyElectricalData.Tests.Harness;
using StackExchange.Redis;

namespace MyElectricalData.Tests.Enedis;

/// <summary>
/// A Redis and an Enedis sandbox of its own (from the AppHost model, as processes), so that budget and call-log
/// measurements see only this collection's calls, timed by a server that does not share the test's process.
/// </summary>
public sealed class EnedisProviderFixture : IAsyncLifetime
{
    private TestTopology _app = null!;

    public string RedisConnectionString { get; private set; } = "";

    public Uri SandboxUrl { get; private set; } = null!;

    public HttpClient Sandbox { get; private set; } = null!;

    /// <summary>What every provider of <see cref="CreateProvider"/> sent, and when.</summary>
    public SendLog Sends { get; } = new();

    public async Task InitializeAsync()
    {
        _app = await (await TestTopology.CreateAsync()).KeepOnly("redis", "enedis-sandbox").StartAsync();
        RedisConnectionString = _app.ConnectionString("redis");
        SandboxUrl = _app.Endpoint("enedis-sandbox");
        Sandbox = new HttpClient { BaseAddress = SandboxUrl };
        await GiveSchedulingPriorityAsync(_app.ProcessId("enedis-sandbox"));
    }

    /// <summary>
    /// The sandbox stands for Enedis, a remote server that this machine's load does not slow down, and the budget
    /// tests read its clock. On a loaded two-core machine its readings lag behind the wire by 100 ms and more
    /// (measured with tcpdump), which no budget can absorb. Its threads get a higher scheduling priority so that it
    /// answers more like a server on its own machine; where that is not allowed (not root), the tests run with the
    /// machine as it is.
    /// </summary>
    private static async Task GiveSchedulingPriorityAsync(int pid)
    {
        var threads = Directory.GetDirectories($"/proc/{pid}/task").Select(Path.GetFileName);
        var renice = new System.Diagnostics.ProcessStartInfo("renice", ["-n", "-10", "-p", .. threads!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(renice);
        if (process is not null)
        {
            await process.WaitForExitAsync();
        }
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

    /// <summary>
    /// A provider as an API replica or the worker builds it, pointed at <paramref name="sandbox"/>: over the service
    /// defaults, whose standard resilience handler every HttpClient gets unless it takes it off.
    /// </summary>
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
        builder.AddServiceDefaults();
        builder.AddEnedisProvider();
        builder.Services.ConfigureAll<Microsoft.Extensions.Http.HttpClientFactoryOptions>(o =>
            o.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Add(new SendLog.Handler(Sends))));
        return builder.Build().Services;
    }

    /// <summary>A usage point no other test uses, consented at the sandbox.</summary>
    public async Task<string> ConsentedMeterAsync()
    {
        var usagePointId = GatewayClient.UniqueUsagePointId();
        (await Sandbox.PostAsync($"/_sandbox/consents/{usagePointId}", null)).EnsureSuccessStatusCode();
        return usagePointId;
    }

    public async Task<IReadOnlyList<SandboxCall>> CallsAsync(HttpClient? sandbox = null) =>
        await (sandbox ?? Sandbox).GetFromJsonAsync<List<SandboxCall>>("/_sandbox/calls", SnakeCase) ?? [];

    private static readonly System.Text.Json.JsonSerializerOptions SnakeCase = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>
    /// An empty budget and, with it, a quiet second at the sandbox. The two are emptied together: the sandbox still
    /// counts the previous test's calls of the last second, and a budget emptied without them lets the next test's
    /// first calls exceed its quota (a 429 and a retry; a refusal early in the budget's burst).
    /// </summary>
    public async Task ResetAsync()
    {
        Sends.Clear();
        await Sandbox.DeleteAsync("/_sandbox/calls");
        await Sandbox.DeleteAsync("/_sandbox/faults");
        await Sandbox.DeleteAsync("/_sandbox/quota");
        using var redis = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString);
        // The company token too: a test against an extra sandbox leaves that sandbox's token in the shared Redis, which
        // the next test's providers would present to this one (401, then a retry with a fresh token).
        await redis.GetDatabase().KeyDeleteAsync([EnedisBudget.SecondKey, EnedisBudget.HourKey, EnedisBudget.BackgroundKey, EnedisBudget.InteractiveKey,
            "enedis:token"]);
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

/// <summary>
/// When each request to Enedis left the process (the last handler before the socket, after the budget's send
/// gate), by the <c>start</c> parameter of its query: the gateway's side of the budget, next to the sandbox's.
/// </summary>
public sealed class SendLog
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string? Start, DateTimeOffset At)> _sends = new();

    public IReadOnlyList<(string? Start, DateTimeOffset At)> Sends => [.. _sends];

    public void Clear() => _sends.Clear();

    internal sealed class Handler(SendLog log) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            log._sends.Enqueue((System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)["start"], DateTimeOffset.UtcNow));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
