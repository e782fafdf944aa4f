using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Dashboard;

/// <summary>An OTLP endpoint configured for the AppHost wins over the dashboard's receiver (any backend must work).</summary>
public sealed class ExportTargetTests
{
    [Fact]
    public async Task ProjectsExportToTheConfiguredOtlpEndpointInsteadOfTheDashboard()
    {
        await using var receiver = await FakeOtlpReceiver.StartAsync();
        var builder = DistributedApplicationTestingBuilder.Create<Projects.MyElectricalData_AppHost>(o => o.EnableDashboard = true);
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url;
        builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        builder.KeepOnly("api");
        await using var app = builder.Build();
        await app.StartAndWaitAsync();
        using var api = app.CreateHttpClient("api");

        using var response = await api.GetAsync("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Poll.UntilAsync(() => receiver.Posts.ContainsKey("/v1/traces"), TimeSpan.FromSeconds(30), "a trace export at the configured endpoint");
        app.Dashboard!.Store.Spans().ShouldNotContain(s => s.Service == "api");
    }

    /// <summary>Counts the OTLP/HTTP posts it gets per path and answers them as a collector would.</summary>
    private sealed class FakeOtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeOtlpReceiver(WebApplication app) => _app = app;

        public ConcurrentDictionary<string, int> Posts { get; } = new();

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
                return Results.Bytes([], "application/x-protobuf");
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
