using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MyElectricalData.Tests.Harness;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MyElectricalData.Tests.Dashboard;

/// <summary>Real OTLP exports (the OpenTelemetry .NET exporter, http/protobuf) read back from the dashboard's JSON.</summary>
public sealed class TelemetryRoundTripTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ASpanOfOneServiceIsTheParentOfASpanOfAnotherInTheSameTrace()
    {
        await using var host = await DashboardHost.StartAsync();
        using var frontendSource = DashboardHost.UniqueSource("frontend");
        using var backendSource = DashboardHost.UniqueSource("backend");
        string traceId, parentId;
        using (var frontend = host.Tracing("frontend", frontendSource.Name))
        using (var backend = host.Tracing("backend", backendSource.Name))
        {
            using (var parent = frontendSource.StartActivity("GET /api/things", ActivityKind.Server)!)
            {
                traceId = parent.TraceId.ToHexString();
                parentId = parent.SpanId.ToHexString();
                using var call = backendSource.StartActivity("Enedis daily_consumption", ActivityKind.Client, parent.Context)!;
                call.SetTag("enedis.error_code", "ADAM-ERR0123");
                call.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["attempt"] = 2 }));
                call.SetStatus(ActivityStatusCode.Error, "quota exceeded");
            }
            frontend.ForceFlush().ShouldBeTrue();
            backend.ForceFlush().ShouldBeTrue();
        }

        var trace = await Poll.UntilAsync(() => host.GetJsonAsync($"/api/traces/{traceId}"),
            t => t is { } json && json.GetProperty("spans").GetArrayLength() == 2, Deadline, "both spans of the trace");

        var spans = trace!.Value.GetProperty("spans").EnumerateArray().ToList();
        var root = spans.Single(s => s.GetProperty("service").GetString() == "frontend");
        var child = spans.Single(s => s.GetProperty("service").GetString() == "backend");
        root.GetProperty("spanId").GetString().ShouldBe(parentId);
        root.GetProperty("parentSpanId").ValueKind.ShouldBe(JsonValueKind.Null);
        child.GetProperty("parentSpanId").GetString().ShouldBe(parentId);
        child.GetProperty("kind").GetString().ShouldBe("Client");
        child.GetProperty("status").GetString().ShouldBe("Error");
        child.GetProperty("statusMessage").GetString().ShouldBe("quota exceeded");
        child.GetProperty("attributes").GetProperty("enedis.error_code").GetString().ShouldBe("ADAM-ERR0123");
        var retry = child.GetProperty("events").EnumerateArray().Single();
        retry.GetProperty("name").GetString().ShouldBe("retry");
        retry.GetProperty("attributes").GetProperty("attempt").GetString().ShouldBe("2");
    }

    [Fact]
    public async Task TheTraceListFiltersByResourceAndErrors()
    {
        await using var host = await DashboardHost.StartAsync();
        using var source = DashboardHost.UniqueSource("worker");
        string failedTrace, fineTrace;
        using (var tracing = host.Tracing("worker", source.Name))
        {
            using (var failed = source.StartActivity("prewarm")!)
            {
                failed.SetStatus(ActivityStatusCode.Error);
                failedTrace = failed.TraceId.ToHexString();
            }
            using (var fine = source.StartActivity("heartbeat")!)
            {
                fineTrace = fine.TraceId.ToHexString();
            }
            tracing.ForceFlush().ShouldBeTrue();
        }

        var all = await host.GetJsonAsync("/api/traces?resource=worker");
        var errors = await host.GetJsonAsync("/api/traces?resource=worker&errors=true");
        var other = await host.GetJsonAsync("/api/traces?resource=api");

        TraceIds(all).ShouldBe([fineTrace, failedTrace], ignoreOrder: true);
        TraceIds(errors).ShouldBe([failedTrace]);
        TraceIds(other).ShouldBeEmpty();
    }

    [Fact]
    public async Task LogsArriveWithTheTraceIdOfTheSpanTheyWereWrittenIn()
    {
        await using var host = await DashboardHost.StartAsync();
        using var source = DashboardHost.UniqueSource("api");
        string traceId;
        using (var tracing = host.Tracing("api", source.Name))
        using (var logging = host.Logging("api"))
        {
            var logger = logging.CreateLogger("MyElectricalData.Api.Pdls");
            using (var request = source.StartActivity("POST /api/pdl")!)
            {
                traceId = request.TraceId.ToHexString();
                logger.LogWarning("Enedis refused usage point {UsagePointId}", "12345678901234");
            }
            logger.LogInformation("Outside any trace");
            tracing.ForceFlush().ShouldBeTrue();
        }

        var logs = await Poll.UntilAsync(() => host.GetJsonAsync("/api/logs/structured?resource=api"),
            l => l is { } json && json.GetArrayLength() == 2, Deadline, "both log records");

        var warning = logs!.Value.EnumerateArray().Single(l => l.GetProperty("level").GetString() == "Warning");
        warning.GetProperty("traceId").GetString().ShouldBe(traceId);
        warning.GetProperty("message").GetString().ShouldBe("Enedis refused usage point 12345678901234");
        warning.GetProperty("category").GetString().ShouldBe("MyElectricalData.Api.Pdls");
        var filtered = await host.GetJsonAsync("/api/logs/structured?resource=api&level=warning&q=refused");
        filtered!.Value.GetArrayLength().ShouldBe(1);
        var ofTrace = await host.GetJsonAsync($"/api/traces/{traceId}");
        ofTrace!.Value.GetProperty("logs").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task ACounterArrivesAndItsRateIsComputedFromSuccessiveExports()
    {
        await using var host = await DashboardHost.StartAsync();
        using var meter = new Meter($"Tests.Meter.{Guid.NewGuid():N}");
        var calls = meter.CreateCounter<long>("enedis.requests");
        // Kept alive while asserting: disposing the provider exports once more.
        using var metrics = host.Metrics("worker", meter.Name);
        calls.Add(3);
        metrics.ForceFlush().ShouldBeTrue();
        calls.Add(5);
        metrics.ForceFlush().ShouldBeTrue();

        var points = await host.GetJsonAsync("/api/metrics/points?name=enedis.requests&resource=worker");
        points!.Value.EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ShouldBe([3, 8]);
        var rate = await host.GetJsonAsync("/api/metrics/rate?name=enedis.requests");
        var series = rate!.Value.EnumerateArray().Single();
        series.GetProperty("service").GetString().ShouldBe("worker");
        series.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("rate").GetDouble()).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task HistogramPercentilesComeFromWhatWasRecordedBetweenExports()
    {
        await using var host = await DashboardHost.StartAsync();
        using var meter = new Meter($"Tests.Meter.{Guid.NewGuid():N}");
        // Not http.server.request.duration: the SDK gives that name its own (seconds) bucket bounds.
        var duration = meter.CreateHistogram<double>("test.request.duration", "ms");
        using var metrics = host.Metrics("api", meter.Name);
        duration.Record(1);
        metrics.ForceFlush().ShouldBeTrue();
        for (var i = 0; i < 100; i++)
        {
            // Between the SDK's default bounds 10 and 25.
            duration.Record(20);
        }
        metrics.ForceFlush().ShouldBeTrue();

        var rate = await host.GetJsonAsync("/api/metrics/rate?name=test.request.duration&resource=api");
        var point = rate!.Value.EnumerateArray().Single().GetProperty("points").EnumerateArray().Single();
        point.GetProperty("p50").GetDouble().ShouldBeInRange(10, 25);
        point.GetProperty("p99").GetDouble().ShouldBeInRange(10, 25);
        point.GetProperty("rate").GetDouble().ShouldBeGreaterThan(0);
    }

    private static List<string> TraceIds(JsonElement? traces) =>
        [.. traces!.Value.EnumerateArray().Select(t => t.GetProperty("traceId").GetString()!)];
}
