// Pre-warm benchmark: how long warming N simulated PDLs takes under the deployment-wide Enedis budget, against
// the theoretical minimum (calls needed / 5 per second), and what an API replica's interactive calls get meanwhile.
// Starts PostgreSQL, Redis, migrations and the Enedis sandbox from the AppHost's model; the worker and an
// "API replica" (the provider at interactive priority) run in this process over them.
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.Data.Redis;
using MyElectricalData.Enedis;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Metering;
using MyElectricalData.MeterData;
using MyElectricalData.Tests.Harness;
using MyElectricalData.Worker.Prewarm;
using StackExchange.Redis;

var pdls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var interactivePerSecond = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0;

Console.WriteLine("Starting PostgreSQL, Redis, migrations and the Enedis sandbox...");
// Started waits for the migrations to have finished.
await using var app = await (await TestTopology.CreateAsync()).KeepOnly("migrations", "redis", "enedis-sandbox").StartAsync();
var secretKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
var sandbox = new HttpClient { BaseAddress = app.Endpoint("enedis-sandbox") };

IHost Service(bool worker)
{
    var host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:myelectricaldata"] = app.ConnectionString("myelectricaldata"),
        ["ConnectionStrings:redis"] = app.ConnectionString("redis"),
        ["ENEDIS_ENVIRONMENT"] = "simulator",
        ["services:enedis-sandbox:http:0"] = sandbox.BaseAddress!.ToString(),
        ["ENEDIS_CLIENT_ID"] = "sandbox-client",
        ["ENEDIS_CLIENT_SECRET"] = "sandbox-secret",
        ["SECRET_KEY"] = secretKey,
        ["Worker:Prewarm:ProgressEvery"] = "100",
    });
    host.Logging.ClearProviders();
    if (worker)
    {
        host.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter((category, level) => category?.EndsWith("PrewarmRun", StringComparison.Ordinal) == true && level >= LogLevel.Information);
    }
    host.AddGatewayDatabase();
    host.AddGatewayRedis();
    host.AddSecretProtector();
    host.AddEnedisProvider();
    host.AddMeterData();
    host.AddPrewarm();
    return host.Build();
}

using var workerHost = Service(worker: true);
using var apiReplica = Service(worker: false);
var redis = workerHost.Services.GetRequiredService<IConnectionMultiplexer>();

// Producing meters (even last digit in the sandbox) need four calls a day, the others two.
async Task<int> SeedAsync(int count, string prefix)
{
    var protector = new SecretProtector(secretKey);
    await using var scope = workerHost.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
    await db.Pdls.ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
    var calls = 0;
    for (var i = 0; i < count; i++)
    {
        var usagePointId = prefix + i.ToString("D12", CultureInfo.InvariantCulture);
        var production = i % 2 == 0;
        var secret = SecretProtector.NewClientSecret();
        var user = new User
        {
            Id = Guid.NewGuid(),
            Email = $"bench-{usagePointId}@example.org",
            PasswordHash = "unused",
            ClientId = SecretProtector.NewClientId(),
            ClientSecretHash = protector.HashSecret(secret),
            ClientSecretEncrypted = [],
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        user.ClientSecretEncrypted = protector.Encrypt(secret, user.Id);
        db.Users.Add(user);
        var pdl = new Pdl { Id = Guid.NewGuid(), UserId = user.Id, UsagePointId = usagePointId, HasProduction = production, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        // The pre-warm reads only PDLs bound to their owner's consent.
        pdl.BindConsent(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMonths(36));
        db.Pdls.Add(pdl);
        (await sandbox.PostAsync($"/_sandbox/consents/{usagePointId}", null)).EnsureSuccessStatusCode();
        calls += production ? 4 : 2;
    }
    await db.SaveChangesAsync();
    await redis.GetDatabase().KeyDeleteAsync(PrewarmLeases.CompletedKey);
    return calls;
}

async Task<(PrewarmReport Report, int Interactive, List<double> Latencies, TimeSpan Window)> PhaseAsync(string name, string prefix, double demand)
{
    var needed = await SeedAsync(pdls, prefix);
    await sandbox.DeleteAsync("/_sandbox/calls");
    Console.WriteLine($"{name}: {pdls} PDLs, {needed} calls needed, interactive demand {demand:0.##}/s");
    using var stop = new CancellationTokenSource();
    var latencies = new List<double>();
    var metering = apiReplica.Services.GetRequiredService<IEnedisMetering>();
    var today = EnedisCalendar.Today(TimeProvider.System);
    var started = Stopwatch.StartNew();
    // An API replica's users: one call every 1/demand seconds (open loop), each for a day the pre-warm does not touch.
    var interactive = demand <= 0 ? Task.CompletedTask : Task.Run(async () =>
    {
        var calls = new List<Task>();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var day = today.AddDays(-10 - i % 300);
            calls.Add(Task.Run(async () =>
            {
                var sent = Stopwatch.StartNew();
                await metering.GetAsync(MeteringKind.DailyConsumption, "12345678901234", new DateRange(day, day.AddDays(1)), CancellationToken.None);
                lock (latencies)
                {
                    latencies.Add(sent.Elapsed.TotalSeconds);
                }
            }));
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1 / demand), stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(calls);
    });
    var report = await workerHost.Services.GetRequiredService<PrewarmJob>().RunOnceAsync(CancellationToken.None);
    var window = started.Elapsed;
    await stop.CancelAsync();
    await interactive;
    int served;
    lock (latencies)
    {
        served = latencies.Count;
    }
    return (report, served, latencies, window);
}

void Print(string name, PrewarmReport report, int interactive, List<double> latencies, TimeSpan window)
{
    var minimum = report.UpstreamCalls / 5.0;
    latencies.Sort();
    Console.WriteLine($"  {name}: warmed {report.Warmed}/{report.Total} PDLs ({report.Failed} failed) with {report.UpstreamCalls} Enedis calls in {report.Duration.TotalSeconds:0.0} s");
    Console.WriteLine($"  theoretical minimum {minimum:0.0} s (calls / 5 per second): ratio {report.Duration.TotalSeconds / minimum:0.00} x");
    if (interactive > 0)
    {
        Console.WriteLine($"  interactive: {interactive} calls served, {interactive / window.TotalSeconds:0.00}/s achieved, latency p50 {latencies[latencies.Count / 2] * 1000:0} ms, p95 {latencies[(int)(latencies.Count * 0.95)] * 1000:0} ms, max {latencies[^1] * 1000:0} ms");
        Console.WriteLine($"  whole budget used: {(report.UpstreamCalls + interactive) / window.TotalSeconds:0.00} calls/s of 5");
    }
}

var alone = await PhaseAsync("Phase 1, pre-warm alone", "71", 0);
var shared = await PhaseAsync("Phase 2, pre-warm beside interactive traffic", "72", interactivePerSecond);
Console.WriteLine();
Console.WriteLine($"Pre-warm of {pdls} PDLs (half of them producing)");
Print("alone", alone.Report, 0, alone.Latencies, alone.Window);
Print($"beside {interactivePerSecond:0.##}/s interactive", shared.Report, shared.Interactive, shared.Latencies, shared.Window);
