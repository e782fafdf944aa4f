// Data-path benchmark (issue 5 item 7): starts the topology (PostgreSQL, Redis, migrations, API, Enedis sandbox;
// no worker, whose pre-warming would add upstream calls), then measures and prints:
// (a) cached 365-day daily reads at 1/16/64 connections next to bare bytes and serialize-only endpoints,
// (b) cold upstream calls vs the theoretical minimum, (c) 100 identical concurrent cold reads, (d) API peak RSS.
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MyElectricalData.Bench.DataPath;
using MyElectricalData.Tests.Harness;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var warmUp = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_WARMUP_SECONDS") ?? "5", CultureInfo.InvariantCulture));
var measured = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "10", CultureInfo.InvariantCulture));
int[] connectionCounts = [1, 16, 64];

var topology = (await TestTopology.CreateInEnvironmentAsync("Production", withDashboard: false)).KeepOnly("api", "enedis-sandbox")
    // The bench makes far more requests than a user's day allows: quotas must not be what is measured.
    .WithEnvironment("api", "USER_DAILY_LIMIT_NO_CACHE", "100000")
    .WithEnvironment("api", "USER_DAILY_LIMIT_WITH_CACHE", "1000000000");
await using var app = topology;
Console.WriteLine("Starting the topology (PostgreSQL, Redis, migrations, API, Enedis sandbox)...");
await app.StartAsync();
var apiPid = app.ProcessId("api");

using var api = new HttpClient { BaseAddress = app.Endpoint("api"), Timeout = TimeSpan.FromMinutes(5) };
using var sandbox = new HttpClient { BaseAddress = app.Endpoint("enedis-sandbox"), Timeout = TimeSpan.FromMinutes(1) };
var snakeCase = new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

var secret = await SignUpAsync();
var bearer = new AuthenticationHeaderValue("Bearer", secret);
api.DefaultRequestHeaders.Authorization = bearer;
var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);
var sequence = Random.Shared.Next(100_000, 900_000);
string NewUsagePoint() => $"5{Interlocked.Increment(ref sequence):000000}0000000"[..13] + "2";

// (a) + (d): one PDL, 365 days read once (cold), then read from the cache under load.
var hot = await NewPdlAsync();
var hotUrl = $"/api/enedis/consumption/daily/{hot}?start={today.AddDays(-365):yyyy-MM-dd}&end={today:yyyy-MM-dd}";
var body = await GetBytesAsync(hotUrl);
using (var check = await api.GetAsync(hotUrl))
{
    Console.WriteLine($"365-day response: {body.Length:N0} bytes, X-Cache-Status {string.Join(",", check.Headers.GetValues("X-Cache-Status"))}");
}
var (comparison, comparisonBase) = await ComparisonServer.StartAsync(body);
var (_, rssBefore) = ReadRss(apiPid);
ResetPeakRss(apiPid);
var results = new List<(string Target, LoadResult Result)>();
foreach (var connections in connectionCounts)
{
    results.Add(("api (cached)", await LoadLoop.RunAsync(new Uri(api.BaseAddress!, hotUrl), bearer, connections, warmUp, measured)));
    results.Add(("serialize-only", await LoadLoop.RunAsync(new Uri(comparisonBase, "/serialize"), null, connections, warmUp, measured)));
    results.Add(("bare bytes", await LoadLoop.RunAsync(new Uri(comparisonBase, "/bytes"), null, connections, warmUp, measured)));
}
var (peakRss, rss) = ReadRss(apiPid);
// Where the cached read's time goes, at 1 connection: authentication and one database read alone, and a 7-day range.
var shortUrl = $"/api/enedis/consumption/daily/{hot}?start={today.AddDays(-7):yyyy-MM-dd}&end={today:yyyy-MM-dd}";
var breakdown = new[]
{
    ("GET /api/accounts/me (auth + 1 DB read)", await LoadLoop.RunAsync(new Uri(api.BaseAddress!, "/api/accounts/me"), bearer, 1, warmUp, measured)),
    ("cached 7-day daily read", await LoadLoop.RunAsync(new Uri(api.BaseAddress!, shortUrl), bearer, 1, warmUp, measured)),
    ("cached 365-day daily read", results.Single(r => r.Target == "api (cached)" && r.Result.Connections == 1).Result),
};
await comparison.DisposeAsync();

// (b): a fresh PDL, 3 years of daily data and 2 years of load curve, then the same again.
var cold = await NewPdlAsync();
var dailyDays = 3 * 365;
var curveDays = 2 * 365;
var dailyUrl = $"/api/enedis/consumption/daily/{cold}?start={today.AddDays(-dailyDays):yyyy-MM-dd}&end={today:yyyy-MM-dd}";
var curveUrl = $"/api/enedis/consumption/detail/batch/{cold}?start={today.AddDays(-curveDays):yyyy-MM-dd}&end={today:yyyy-MM-dd}";
var coldTimer = System.Diagnostics.Stopwatch.StartNew();
await GetBytesAsync(dailyUrl);
await GetBytesAsync(curveUrl);
var coldSeconds = coldTimer.Elapsed.TotalSeconds;
var (coldDaily, coldCurve) = await UpstreamCallsAsync(cold);
await GetBytesAsync(dailyUrl);
await GetBytesAsync(curveUrl);
var (repeatDaily, repeatCurve) = await UpstreamCallsAsync(cold);

// (c): 100 identical requests at once for a range nobody has read.
var herd = await NewPdlAsync();
var herdUrl = $"/api/enedis/consumption/daily/{herd}?start={today.AddDays(-365):yyyy-MM-dd}&end={today:yyyy-MM-dd}";
var herdStatuses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ => (int)(await api.GetAsync(herdUrl)).StatusCode));
var (herdDaily, _) = await UpstreamCallsAsync(herd);

Console.WriteLine();
Console.WriteLine($"MyElectricalData data-path benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"(a) cached read: 365-day daily consumption ({body.Length:N0} bytes), {warmUp.TotalSeconds:0} s warm-up + {measured.TotalSeconds:0} s per cell");
Console.WriteLine($"    {"connections",11} {"target",-16} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"api / this",10}");
foreach (var connections in connectionCounts)
{
    var apiResult = results.Single(r => r.Target == "api (cached)" && r.Result.Connections == connections).Result;
    foreach (var (target, result) in results.Where(r => r.Result.Connections == connections))
    {
        var ratio = target == "api (cached)" ? "" : (apiResult.RequestsPerSecond / result.RequestsPerSecond).ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine($"    {connections,11} {target,-16} {result.RequestsPerSecond,10:N0} {result.P50Ms,8:0.00} {result.P99Ms,8:0.00} {result.Errors,7} {ratio,10}");
    }
}
var at64 = results.Where(r => r.Result.Connections == 64).ToDictionary(r => r.Target, r => r.Result);
Console.WriteLine($"    target at 64: api >= 0.35 x serialize-only -> {at64["api (cached)"].RequestsPerSecond / at64["serialize-only"].RequestsPerSecond:0.000}; p99 <= 20 ms -> {at64["api (cached)"].P99Ms:0.00} ms");
Console.WriteLine("    breakdown at 1 connection:");
foreach (var (label, result) in breakdown)
{
    Console.WriteLine($"      {label,-40} {result.RequestsPerSecond,8:N0} req/s  p50 {result.P50Ms,7:0.00} ms  p99 {result.P99Ms,7:0.00} ms");
}
var minDaily = (int)Math.Ceiling(dailyDays / 365.0);
var minCurve = (int)Math.Ceiling(curveDays / 7.0);
Console.WriteLine($"(b) cold read of {dailyDays} days daily + {curveDays} days load curve ({coldSeconds:0.0} s): upstream calls daily {coldDaily} (minimum {minDaily}), load curve {coldCurve} (minimum {minCurve})");
Console.WriteLine($"    repeat: {repeatDaily - coldDaily + repeatCurve - coldCurve} upstream calls (minimum 0)");
Console.WriteLine($"(c) 100 concurrent identical cold 365-day reads: {herdDaily} upstream call(s) (one call set = {(int)Math.Ceiling(365 / 365.0)}); statuses {string.Join(", ", herdStatuses.GroupBy(s => s).Select(g => $"{g.Key} x{g.Count()}"))}");
Console.WriteLine($"(d) API peak RSS during (a): {peakRss / 1024.0:0.0} MB (VmHWM; RSS before (a) {rssBefore / 1024.0:0.0} MB, after {rss / 1024.0:0.0} MB); target <= 200 MB");
return 0;

async Task<string> SignUpAsync()
{
    using var response = await api.PostAsJsonAsync("/api/accounts/signup", new { email = $"bench-{Guid.NewGuid():N}@example.org", password = "Bench-Password-2026" });
    response.EnsureSuccessStatusCode();
    using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    return document.RootElement.GetProperty("data").GetProperty("client_secret").GetString()!;
}

async Task<string> NewPdlAsync()
{
    var usagePointId = NewUsagePoint();
    // Data is served only for a PDL its owner's consent bound: the round trip a person makes from the dashboard.
    using var authorize = await api.GetAsync("/api/oauth/authorize");
    authorize.EnsureSuccessStatusCode();
    using var document = JsonDocument.Parse(await authorize.Content.ReadAsStringAsync());
    var url = document.RootElement.GetProperty("data").GetProperty("authorize_url").GetString()!;
    using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
    using var accepted = await browser.GetAsync(url.Replace("/authorize?", "/authorize/decision?", StringComparison.Ordinal) + "&decision=accept&usage_points=" + usagePointId);
    using var landing = await browser.GetAsync(accepted.Headers.Location);
    if (landing.Headers.Location?.Query.Contains("consent_success=true", StringComparison.Ordinal) != true)
    {
        throw new InvalidOperationException($"The consent for {usagePointId} did not succeed: {landing.Headers.Location}");
    }
    return usagePointId;
}

async Task<byte[]> GetBytesAsync(string url)
{
    using var response = await api.GetAsync(url);
    var bytes = await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"GET {url} -> {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
    }
    return bytes;
}

async Task<(int Daily, int LoadCurve)> UpstreamCallsAsync(string usagePointId)
{
    var calls = await sandbox.GetFromJsonAsync<List<SandboxCall>>("/_sandbox/calls", snakeCase) ?? [];
    var mine = calls.Where(c => c.UsagePointId == usagePointId).ToList();
    return (mine.Count(c => c.Path.EndsWith("/daily_consumption", StringComparison.Ordinal)),
        mine.Count(c => c.Path.EndsWith("/consumption_load_curve", StringComparison.Ordinal)));
}

// Writing 5 to clear_refs resets VmHWM (Linux >= 4.0), so the peak is the one of (a), not of start-up.
static void ResetPeakRss(int pid)
{
    try
    {
        File.WriteAllText($"/proc/{pid}/clear_refs", "5");
    }
    catch (IOException e)
    {
        Console.WriteLine($"(could not reset the API's peak RSS: {e.Message}; (d) is then the lifetime peak)");
    }
    catch (UnauthorizedAccessException e)
    {
        Console.WriteLine($"(could not reset the API's peak RSS: {e.Message}; (d) is then the lifetime peak)");
    }
}

static (long PeakKb, long RssKb) ReadRss(int pid)
{
    var lines = File.ReadAllLines($"/proc/{pid}/status");
    long Value(string key) => long.Parse(lines.Single(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    return (Value("VmHWM:"), Value("VmRSS:"));
}

internal sealed record SandboxCall(string Path, string? UsagePointId, int Status);
