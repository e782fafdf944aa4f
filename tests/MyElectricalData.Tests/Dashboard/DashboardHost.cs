using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MyElectricalData.Hosting;
using MyElectricalData.Hosting.Dashboard;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MyElectricalData.Tests.Dashboard;

/// <summary>
/// An application with no resources and the dashboard on: its OTLP receiver and JSON API, fed by the real
/// OpenTelemetry .NET exporters (http/protobuf), each "service" being a provider with its own service.name.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private DashboardHost(DistributedApplication app)
    {
        App = app;
        Api = new HttpClient { BaseAddress = Dashboard.Url, Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Dashboard.BrowserToken);
    }

    public DistributedApplication App { get; }

    public DashboardServer Dashboard => App.Dashboard!;

    /// <summary>Authenticated with the browser token.</summary>
    public HttpClient Api { get; }

    public static async Task<DashboardHost> StartAsync(Action<DashboardOptions>? configure = null)
    {
        var options = new DistributedApplicationOptions
        {
            Ephemeral = true,
            RandomizePorts = true,
            LoadDotEnv = false,
            EchoLogsToConsole = false,
            EnableDashboard = true,
        };
        configure?.Invoke(options.Dashboard);
        var app = DistributedApplication.CreateBuilder(options).Build();
        await app.StartAsync();
        return new DashboardHost(app);
    }

    private void Export(OtlpExporterOptions exporter, string signal)
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        // Set in code, the endpoint is used as is: the signal's path must be part of it.
        exporter.Endpoint = new Uri(Dashboard.OtlpEndpoint, signal);
    }

    private static ResourceBuilder Service(string name) => ResourceBuilder.CreateEmpty().AddService(name);

    public TracerProvider Tracing(string service, string source) => Sdk.CreateTracerProviderBuilder()
        .SetResourceBuilder(Service(service))
        .AddSource(source)
        .AddOtlpExporter(o => Export(o, "v1/traces"))
        .Build();

    public MeterProvider Metrics(string service, string meter) => Sdk.CreateMeterProviderBuilder()
        .SetResourceBuilder(Service(service))
        .AddMeter(meter)
        // Exports only when the test flushes.
        .AddOtlpExporter((o, reader) =>
        {
            Export(o, "v1/metrics");
            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)TimeSpan.FromHours(1).TotalMilliseconds;
        })
        .Build();

    public ILoggerFactory Logging(string service) => LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
    {
        o.SetResourceBuilder(Service(service));
        o.IncludeFormattedMessage = true;
        o.AddOtlpExporter(e => Export(e, "v1/logs"));
    }));

    /// <summary>GET under the dashboard, parsed; null on 404.</summary>
    public async Task<JsonElement?> GetJsonAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static ActivitySource UniqueSource(string name) => new($"Tests.{name}.{Guid.NewGuid():N}");

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
    }
}
