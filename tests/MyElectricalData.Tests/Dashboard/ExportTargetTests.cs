using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Dashboard;

/// <summary>An OTLP endpoint configured for the AppHost wins over the dashboard (any backend must work), gets every signal, and no dashboard key.</summary>
public sealed class ExportTargetTests
{
    [Fact]
    public async Task ProjectsExportToTheConfiguredOtlpEndpointInsteadOfTheDashboard()
    {
        await using var receiver = await FakeOtlpReceiver.StartAsync();
        await using var topology = (await TestTopology.CreateAsync(withDashboard: true,
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={receiver.Url}", "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf")).KeepOnly("api");
        await topology.StartAsync();
        using var api = topology.CreateHttpClient("api");

        using var response = await api.GetAsync("/api/accounts/me");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // Traces, logs and metrics (ServiceDefaults exports metrics every 5 s, http.server.request.duration among them).
        await Poll.UntilAsync(() => new[] { "/v1/traces", "/v1/logs", "/v1/metrics" }.All(receiver.Posts.ContainsKey), TimeSpan.FromSeconds(30),
            "traces, logs and metrics at the configured endpoint");
        var dashboard = await DashboardTelemetry.ConnectAsync(topology);
        (await dashboard.SpansAsync()).ShouldNotContain(s => s.Service == "api");
        receiver.Headers.ShouldNotContain(h => h.StartsWith("x-otlp-api-key", StringComparison.OrdinalIgnoreCase), "the dashboard's key stays with the dashboard");
    }

    /// <summary>Counts the OTLP/HTTP posts it gets per path and answers them as a collector would.</summary>
    private sealed class FakeOtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeOtlpReceiver(WebApplication app) => _app = app;

        public ConcurrentDictionary<string, int> Posts { get; } = new();

        public ConcurrentBag<string> Headers { get; } = [];

        public string Url => _app.Urls.First();

        public static async Task<FakeOtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var receiver = new FakeOtlpReceiver(app);
            app.MapPost("/v1/{signal}", (HttpContext http) =>
            {
                receiver.Posts.AddOrUpdate(http.Request.Path, 1, (_, n) => n + 1);
                foreach (var header in http.Request.Headers)
                {
                    receiver.Headers.Add(header.Key);
                }
                return Results.Bytes([], "application/x-protobuf");
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
