using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MyElectricalData.Tests.Dashboard;

/// <summary>Whatever a sender posts, the receiver answers 4xx or stores it, and memory stays within the caps.</summary>
public sealed class ReceiverRobustnessTests
{
    private static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    [Fact]
    public async Task AnOversizedPayloadIsRefusedAndTheReceiverKeepsWorking()
    {
        await using var host = await DashboardHost.StartAsync(o => o.MaxRequestBytes = 64 * 1024);
        using var client = new HttpClient { BaseAddress = host.Dashboard.OtlpEndpoint };

        using var response = await client.PostAsync("v1/traces", Protobuf(new byte[200 * 1024]));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        await TheReceiverStillStoresSpansAsync(host);
    }

    [Fact]
    public async Task AGarbagePayloadGetsBadRequestOnEverySignal()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = new HttpClient { BaseAddress = host.Dashboard.OtlpEndpoint };

        foreach (var signal in new[] { "v1/traces", "v1/logs", "v1/metrics" })
        {
            using var response = await client.PostAsync(signal, Protobuf(Encoding.ASCII.GetBytes("this is not protobuf")));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, signal);
        }
        await TheReceiverStillStoresSpansAsync(host);
    }

    [Fact]
    public async Task ABodyThatIsNotProtobufIsRefusedAsUnsupported()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = new HttpClient { BaseAddress = host.Dashboard.OtlpEndpoint };

        using var json = await client.PostAsync("v1/traces", new StringContent("{\"resourceSpans\":[]}", Encoding.UTF8, "application/json"));

        json.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task AnEmptyExportIsAnsweredWithAnEmptyProtobufResponse()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = new HttpClient { BaseAddress = host.Dashboard.OtlpEndpoint };

        using var response = await client.PostAsync("v1/metrics", Protobuf([]));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/x-protobuf");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task TheSpanStoreKeepsOnlyTheNewestSpansUpToItsCap()
    {
        await using var host = await DashboardHost.StartAsync(o => o.MaxSpans = 50);
        using var source = DashboardHost.UniqueSource("busy");
        using (var tracing = host.Tracing("busy", source.Name))
        {
            for (var i = 0; i < 120; i++)
            {
                using var span = source.StartActivity($"span {i}");
            }
            // Returns once the exporter has posted every span and the receiver has answered.
            tracing.ForceFlush().ShouldBeTrue();
        }

        host.Dashboard.Store.SpanCount.ShouldBe(50);
        var names = host.Dashboard.Store.Spans().Select(s => s.Name).ToList();
        names.ShouldContain("span 119");
        names.ShouldNotContain("span 0");
        var traces = await host.GetJsonAsync("/api/traces?limit=1000");
        traces!.Value.GetArrayLength().ShouldBe(50);
    }

    [Fact]
    public async Task TheLogAndMetricStoresKeepToTheirCapsToo()
    {
        await using var host = await DashboardHost.StartAsync(o =>
        {
            o.MaxLogs = 10;
            o.MaxMetricPoints = 5;
        });
        using (var logging = host.Logging("chatty"))
        {
            var logger = logging.CreateLogger("Tests");
            for (var i = 0; i < 40; i++)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "line {Number}", i);
            }
        }
        using var meter = new System.Diagnostics.Metrics.Meter($"Tests.Meter.{Guid.NewGuid():N}");
        using (var metrics = host.Metrics("chatty", meter.Name))
        {
            var counter = meter.CreateCounter<long>("things");
            for (var i = 0; i < 20; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("n", i));
            }
            metrics.ForceFlush().ShouldBeTrue();
        }

        host.Dashboard.Store.LogCount.ShouldBe(10);
        host.Dashboard.Store.MetricPointCount.ShouldBe(5);
    }

    private static async Task TheReceiverStillStoresSpansAsync(DashboardHost host)
    {
        using var source = DashboardHost.UniqueSource("after");
        using (var tracing = host.Tracing("after", source.Name))
        {
            using (source.StartActivity("still alive"))
            {
            }
            tracing.ForceFlush().ShouldBeTrue();
        }
        host.Dashboard.Store.Spans().ShouldContain(s => s.Name == "still alive" && s.Service == "after");
    }
}
