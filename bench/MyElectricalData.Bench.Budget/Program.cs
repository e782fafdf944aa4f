// Runs N "API replicas" (interactive priority) and one "worker" (background priority), each a full Enedis provider
// sharing one Redis budget, against the Enedis sandbox as a separate process, with a backlog larger than the budget
// can serve. Reads the sandbox's call log and prints: calls, sustained rate, the largest count in any 1-second
// window, 429s, and the share each priority got. Usage: run.sh [replicas] [seconds].
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MyElectricalData.Enedis;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Metering;
using MyElectricalData.Hosting;
using StackExchange.Redis;

var replicas = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;

var builder = BuilderInterception.CaptureBuilder(typeof(Projects.MyElectricalData_AppHost).Assembly,
    new DistributedApplicationOptions { Ephemeral = true, RandomizePorts = true, LoadDotEnv = false, EchoLogsToConsole = false, EnvironmentName = "Development" });
builder.KeepOnly("redis", "enedis-sandbox");
await using var app = builder.Build();
await app.StartAsync();
await app.WaitForAllHealthyAsync().WaitAsync(TimeSpan.FromMinutes(3));
var redis = app.GetConnectionString("redis")!;
var sandboxUrl = app.GetEndpoint("enedis-sandbox");
using var sandbox = new HttpClient { BaseAddress = sandboxUrl };

IServiceProvider Provider()
{
    var host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ENEDIS_ENVIRONMENT"] = "simulator",
        ["services:enedis-sandbox:http:0"] = sandboxUrl.ToString(),
        ["ENEDIS_CLIENT_ID"] = "sandbox-client",
        ["ENEDIS_CLIENT_SECRET"] = "sandbox-secret",
        ["ENEDIS_MAX_BUDGET_WAIT_SECONDS"] = "3600",
        ["ENEDIS_TIMEOUT_SECONDS"] = "3700",
    });
    // One connection per replica, as separate processes would have; connected before the burst starts.
    host.Services.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect(redis));
    host.AddEnedisProvider();
    return host.Build().Services;
}

var today = EnedisCalendar.Today(TimeProvider.System);
var providers = Enumerable.Range(0, replicas).Select(_ => Provider().GetRequiredService<IEnedisMetering>()).ToList();
var worker = Provider().GetRequiredService<IEnedisMetering>();
// Warm the token and the connections, then measure from a clean log.
await providers[0].GetAsync(MeteringKind.DailyConsumption, "98765432109876", new DateRange(today.AddDays(-1), today), CancellationToken.None);
await sandbox.DeleteAsync("/_sandbox/calls");

using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
var sent = 0;
var interactive = 0;
var background = 0;
async Task Loop(IEnedisMetering metering, bool isBackground)
{
    using var scope = isBackground ? EnedisCallPriority.Background() : null;
    while (!stop.IsCancellationRequested)
    {
        var day = today.AddDays(-1 - (Interlocked.Increment(ref sent) % 300));
        try
        {
            await metering.GetAsync(MeteringKind.DailyConsumption, "98765432109876", new DateRange(day, day.AddDays(1)), stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        Interlocked.Increment(ref isBackground ? ref background : ref interactive);
    }
}

// A backlog: each replica keeps 10 calls in flight, the worker 20; far more than 5/s can serve.
var loops = providers.SelectMany(p => Enumerable.Range(0, 10).Select(_ => Task.Run(() => Loop(p, false))))
    .Concat(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Loop(worker, true))));
var started = DateTimeOffset.UtcNow;
await Task.WhenAll(loops);

var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
var calls = (await sandbox.GetFromJsonAsync<List<Call>>("/_sandbox/calls", options))!.OrderBy(c => c.Timestamp).ToList();
var times = calls.Select(c => c.Timestamp).ToList();
var maxWindow = 0;
for (int end = 0, start = 0; end < times.Count; end++)
{
    while (times[end] - times[start] >= TimeSpan.FromSeconds(1))
    {
        start++;
    }
    maxWindow = Math.Max(maxWindow, end - start + 1);
}
var span = (times[^1] - times[0]).TotalSeconds;
var rate = (calls.Count - 1) / span;
Console.WriteLine($"replicas: {replicas} (interactive) + 1 worker (background), backlog for {seconds} s, started {started:O}");
Console.WriteLine($"calls reaching Enedis: {calls.Count}, 429s: {calls.Count(c => c.Status == 429)}, other errors: {calls.Count(c => c.Status != 200 && c.Status != 429)}");
Console.WriteLine($"sustained rate: {rate:F2} calls/s = {rate / 5:P1} of the 5/s budget");
Console.WriteLine($"largest count in any 1-second window: {maxWindow} (limit 5)");
Console.WriteLine($"completed: interactive {interactive} ({(double)interactive / Math.Max(1, interactive + background):P0}), background {background} (background may use 3 of 5 slots)");

internal sealed record Call(DateTimeOffset Timestamp, string Path, int Status);
