using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Dashboard;

/// <summary>The real services export to the Aspire dashboard the AppHost started: one trace crosses them.</summary>
[Collection(DashboardTopologyCollection.Name)]
public sealed class TopologyTelemetryTests(DashboardTopologyFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ADailyConsumptionReadIsOneTraceThroughTheApiRedisPostgresAndTheSandbox()
    {
        await fixture.ReadDailyConsumptionAsync();

        // Spans reach the dashboard in batches, each service on its own schedule: wait for the whole trace.
        var spans = await Poll.UntilAsync(() => fixture.Telemetry.SpansAsync(), all => all.Any(s => IsCompleteRead(s, all)),
            Deadline, "the trace of GET /api/enedis/consumption/daily with its Redis, PostgreSQL and sandbox spans");

        var read = spans.Last(s => IsCompleteRead(s, spans));
        var trace = spans.Where(s => s.TraceId == read.TraceId).ToList();
        read.ParentSpanId.ShouldBeNullOrEmpty("the API's server span is the root");
        trace.ShouldContain(s => s.Service == "api" && s.Scope == "Npgsql", "the API reads the user and the PDL from PostgreSQL");
        trace.ShouldContain(s => s.Service == "api" && s.Scope == "OpenTelemetry.Instrumentation.StackExchangeRedis", "the API reads and fills the cache in Redis");
        trace.ShouldContain(s => s.Service == "enedis-sandbox" && s.Kind == 2, "the sandbox served the Enedis call");
        trace.Select(s => s.Service).Distinct().ShouldBe(["api", "enedis-sandbox"], ignoreOrder: true);
    }

    [Fact]
    public async Task TheApiExportsItsLogsWithTheTraceOfTheirRequest()
    {
        await fixture.ReadDailyConsumptionAsync();

        var logs = await Poll.UntilAsync(() => fixture.Telemetry.LogsAsync("api"), all => all.Any(l => l.TraceId is { Length: > 0 }),
            Deadline, "a log record of the api inside a request");

        logs.ShouldAllBe(l => l.Service == "api");
    }

    private static bool IsCompleteRead(TelemetrySpan read, IReadOnlyList<TelemetrySpan> all) =>
        IsDailyRead(read)
        && all.Any(s => s.TraceId == read.TraceId && s.Service == "enedis-sandbox")
        && all.Any(s => s.TraceId == read.TraceId && s.Scope == "OpenTelemetry.Instrumentation.StackExchangeRedis");

    private static bool IsDailyRead(TelemetrySpan span) =>
        span.Service == "api" && span.Kind == 2 && span.Name.StartsWith("GET /api/enedis/consumption/daily/", StringComparison.Ordinal);
}
