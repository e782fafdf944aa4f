using System.Net;
using System.Text.Json;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Dashboard;

/// <summary>The real services export to the dashboard the AppHost started, and the dashboard drives them.</summary>
[Collection(DashboardTopologyCollection.Name)]
public sealed class TopologyTelemetryTests(DashboardTopologyFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ARequestToTheApiShowsUpAsATraceOfTheApiWithItsDatabaseSpans()
    {
        await fixture.SignUpAndReadAccountAsync();

        var traces = await Poll.UntilAsync(() => fixture.GetJsonAsync("/api/traces?resource=api"),
            list => list.EnumerateArray().Any(IsAccountRead), Deadline, "the trace of GET /api/accounts/me");

        var traceId = traces.EnumerateArray().First(IsAccountRead).GetProperty("traceId").GetString();
        var trace = await fixture.GetJsonAsync($"/api/traces/{traceId}");
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        spans.ShouldAllBe(s => s.GetProperty("service").GetString() == "api");
        var server = spans.Single(s => s.GetProperty("parentSpanId").ValueKind == JsonValueKind.Null);
        server.GetProperty("kind").GetString().ShouldBe("Server");
        spans.ShouldContain(s => s.GetProperty("scope").GetString() == "Npgsql"
            && s.GetProperty("parentSpanId").GetString() != null, "the API reads the account from PostgreSQL");
    }

    [Fact]
    public async Task TheApiExportsHttpServerMetricsThatTheDashboardTurnsIntoRates()
    {
        await fixture.SignUpAndReadAccountAsync();

        // A rate needs two exports of the cumulative histogram (5 s apart) after the first request.
        var series = await Poll.UntilAsync(async () =>
            {
                await fixture.SignUpAndReadAccountAsync();
                return await fixture.GetJsonAsync("/api/metrics/rate?name=http.server.request.duration&resource=api");
            },
            s => s.EnumerateArray().Any(x => x.GetProperty("points").EnumerateArray().Any(p => p.GetProperty("rate").GetDouble() > 0)),
            Deadline, "a request rate for the api");

        var point = series.EnumerateArray().Single().GetProperty("points").EnumerateArray().Last(p => p.GetProperty("rate").GetDouble() > 0);
        point.GetProperty("p50").GetDouble().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task RestartingAProjectFromTheDashboardGivesItANewProcessOnTheSamePort()
    {
        var before = await Resource("enedis-sandbox");
        var url = before.GetProperty("urls")[0].GetString();
        using var command = new HttpRequestMessage(HttpMethod.Post, "/api/resources/enedis-sandbox/restart");
        command.Headers.Add("X-Dashboard-Command", "1");

        using var response = await fixture.Dashboard.SendAsync(command);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var after = await Poll.UntilAsync(() => Resource("enedis-sandbox"),
            r => r.GetProperty("state").GetString() == "Healthy" && r.GetProperty("restarts").GetInt32() == 1, Deadline, "the sandbox to be healthy again");
        after.GetProperty("pid").GetInt32().ShouldNotBe(before.GetProperty("pid").GetInt32());
        after.GetProperty("urls")[0].GetString().ShouldBe(url);
    }

    private static bool IsAccountRead(JsonElement trace) => trace.GetProperty("name").GetString() == "GET /api/accounts/me";

    private async Task<JsonElement> Resource(string name) =>
        (await fixture.GetJsonAsync("/api/resources")).EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
}
