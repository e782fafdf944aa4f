using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Tests.Harness;
using Xunit.Abstractions;

namespace MyElectricalData.Tests.Foundation;

/// <summary>
/// Losing Redis or PostgreSQL: the API says so (503 with Retry-After, never 500) on every path that needs the
/// store, authentication and quota included, and the AppHost brings the server back where the API expects it.
/// </summary>
[Collection(StorageOutageCollection.Name)]
public sealed class StorageOutageTests(StorageOutageFixture fixture, ITestOutputHelper output)
{
    private static readonly DateOnly Today = EnedisCalendar.Today(TimeProvider.System);

    private sealed record Answer(string Route, HttpStatusCode Status, string? Code, TimeSpan? RetryAfter)
    {
        public bool IsClearOutage => Status == HttpStatusCode.ServiceUnavailable && Code == "SERVICE_UNAVAILABLE" && RetryAfter > TimeSpan.Zero;
    }

    [Fact]
    public async Task KillingRedisAnswers503WithRetryAfterUntilTheAppHostRestartsItThenTheApiRecovers()
    {
        var (user, client, meter) = await fixture.UserWithMeterAsync();
        // No cookie jar: the login probe's session must not authenticate the token probe.
        using var anonymous = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = fixture.App.GetEndpoint("api") };
        var pid = fixture.Topology.ProcessId("redis");
        var connectionString = await fixture.App.GetConnectionStringAsync("redis");
        (await ProbeAsync(client, anonymous, user, meter)).ShouldAllBe(a => a.Status == HttpStatusCode.OK);

        Process.GetProcessById(pid).Kill();
        var answers = new List<Answer>();
        await Poll.UntilAsync(async () =>
            {
                var round = await ProbeAsync(client, anonymous, user, meter);
                answers.AddRange(round);
                return round;
            },
            round => answers.Any(a => a.Status != HttpStatusCode.OK) && round.All(a => a.Status == HttpStatusCode.OK),
            TimeSpan.FromSeconds(60), "the API to refuse, then to answer again once Redis is back");

        output.WriteLine($"{answers.Count(a => a.Status != HttpStatusCode.OK)} refusals in {answers.Count} answers; restarted as pid {fixture.Topology.ProcessId("redis")}");
        answers.Where(a => a.Status != HttpStatusCode.OK).ShouldAllBe(a => a.IsClearOutage, string.Join("\n", answers.Where(a => a.Status != HttpStatusCode.OK)));
        answers.Where(a => a.IsClearOutage).Select(a => a.Route).Distinct().ShouldBe(["read", "login", "token"], ignoreOrder: true,
            "every path that needs Redis said so");
        fixture.Topology.Status("redis").Health.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
        fixture.Topology.ProcessId("redis").ShouldNotBe(pid, "a new redis-server process");
        (await fixture.App.GetConnectionStringAsync("redis")).ShouldBe(connectionString, "same port, same password");
        client.Dispose();
    }

    [Fact]
    public async Task AKilledPostgresIsRestartedAndTheApiAnswersAgain()
    {
        var (_, client, _) = await fixture.UserWithMeterAsync();
        var pid = fixture.Topology.ProcessId("postgres");
        var connectionString = await fixture.App.GetConnectionStringAsync("postgres");
        // Throw-away test data runs with synchronous_commit=off: the last commits may still sit in WAL buffers, which a
        // SIGKILL loses. A checkpoint writes them out first, as a durable server's commit would have.
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var checkpoint = new Npgsql.NpgsqlCommand("CHECKPOINT", connection);
            await checkpoint.ExecuteNonQueryAsync();
        }

        Process.GetProcessById(pid).Kill();
        var answers = new List<(HttpStatusCode Status, string Body)>();
        await Poll.UntilAsync(async () =>
            {
                using var response = await client.GetAsync("/api/pdl");
                answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
                return response.StatusCode;
            },
            status => status == HttpStatusCode.OK && fixture.Topology.Status("postgres").Health == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                && fixture.Topology.ProcessId("postgres") != pid,
            TimeSpan.FromSeconds(120), "PostgreSQL to be restarted and the API to list PDLs again");

        output.WriteLine($"{answers.Count(a => a.Status != HttpStatusCode.OK)} refusals in {answers.Count} answers; restarted as pid {fixture.Topology.ProcessId("postgres")}");
        answers.Where(a => a.Status != HttpStatusCode.OK).ShouldAllBe(a => a.Status == HttpStatusCode.ServiceUnavailable,
            string.Join("\n", answers.Where(a => a.Status != HttpStatusCode.OK)));
        (await fixture.App.GetConnectionStringAsync("postgres")).ShouldBe(connectionString, "same port, same password");
        using var pdls = await client.GetAsync("/api/pdl");
        (await pdls.DataAsync()).GetArrayLength().ShouldBe(1, "same data folder: the PDL is still there");
        client.Dispose();
    }

    /// <summary>One call on each path that touches Redis: a data read (cache, quota), a password login and a client-credentials token (lock-out counters).</summary>
    private static async Task<Answer[]> ProbeAsync(HttpClient client, HttpClient anonymous, TestUser user, string meter) =>
        await Task.WhenAll(
            AnswerAsync("read", () => client.GetAsync($"/api/enedis/consumption/daily/{meter}?start={Today.AddDays(-7):yyyy-MM-dd}&end={Today:yyyy-MM-dd}")),
            AnswerAsync("login", () => anonymous.PostAsJsonAsync("/api/accounts/login", new { email = user.Email, password = user.Password })),
            AnswerAsync("token", () => anonymous.PostAsync("/api/accounts/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = user.ClientId,
                ["client_secret"] = user.ClientSecret,
            }))));

    private static async Task<Answer> AnswerAsync(string route, Func<Task<HttpResponseMessage>> send)
    {
        using var response = await send();
        string? code = null;
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            try
            {
                // The envelope's error.code; the token route answers OAuth2's body, whose "server_error" is the same outage.
                code = JsonDocument.Parse(body).RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                    ? error.GetProperty("code").GetString()
                    : error.ValueKind == JsonValueKind.String && error.GetString() == "server_error" ? "SERVICE_UNAVAILABLE" : body;
            }
            catch (JsonException)
            {
                code = body;
            }
        }
        return new Answer(route, response.StatusCode, code, response.Headers.RetryAfter?.Delta);
    }
}
