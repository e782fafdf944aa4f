using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MyElectricalData.ServiceDefaults;

/// <summary>
/// OpenTelemetry the way Aspire's ServiceDefaults do it: one <c>AddOpenTelemetry()</c> for the host (the Redis and
/// Npgsql client integrations add their own instrumentation to the same providers), ASP.NET Core, HttpClient and
/// runtime instrumentation, our own <c>MyElectricalData.*</c> sources and meters, and the OTLP exporter for every
/// signal when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the AppHost sets it; so can any deployment). Protocol,
/// headers, batch delays and the metric interval come from the standard <c>OTEL_*</c> settings.
/// </summary>
public static class Telemetry
{
    /// <summary>Prefix of every ActivitySource and Meter of ours; <c>MyElectricalData.*</c> is collected.</summary>
    public const string Prefix = "MyElectricalData";

    /// <summary>The Npgsql driver's ActivitySource and Meter (the EF Core integration registers them too).</summary>
    private const string Npgsql = "Npgsql";

    /// <summary>What a flush or shutdown of one signal may take at most when the host stops.</summary>
    private const int FlushTimeoutMilliseconds = 2000;

    /// <summary>Metrics every 5 s unless <c>OTEL_METRIC_EXPORT_INTERVAL</c> says otherwise (the SDK's default is 60 s).</summary>
    private const int DefaultMetricExportIntervalMilliseconds = 5000;

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // The AppHost names every service (OTEL_SERVICE_NAME, read by the SDK with OTEL_RESOURCE_ATTRIBUTES);
                // run on its own, a service is named after its application rather than "unknown_service".
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(builder.Environment.ApplicationName);
                }
            })
            .WithTracing(tracing => tracing
                .AddSource($"{Prefix}.*", Npgsql)
                .AddAspNetCoreInstrumentation(options => options.EnrichWithHttpRequest = DropQueryString)
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter($"{Prefix}.*", Npgsql)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
            if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_METRIC_EXPORT_INTERVAL"]))
            {
                builder.Services.Configure<MetricReaderOptions>(reader =>
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = DefaultMetricExportIntervalMilliseconds);
            }
            builder.Services.AddHostedService<TelemetryShutdown>();
        }
        return builder;
    }

    /// <summary>
    /// Query strings carry e-mail tokens, consent codes and states. The instrumentation already replaces their
    /// values with "Redacted" (unless a setting turns that off); a server span keeps none of it: its path and
    /// route say what was asked.
    /// </summary>
    private static void DropQueryString(System.Diagnostics.Activity activity, HttpRequest request) =>
        activity.SetTag("url.query", null);

    /// <summary>
    /// Exports what is left, for every signal at once and for a bounded time, once the host has stopped. Left to the
    /// container, each provider would wait up to 5 s in turn for an exporter whose collector may already be gone
    /// (the AppHost's dashboard stops with the services), which outlasts the AppHost's grace before it kills.
    /// </summary>
    private sealed class TelemetryShutdown(IServiceProvider services) : IHostedLifecycleService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken)
        {
            // After every hosted service has stopped: what they logged and traced while stopping is in the queues.
            var tracing = services.GetService<TracerProvider>();
            var metrics = services.GetService<MeterProvider>();
            var logging = services.GetService<LoggerProvider>();
            var shutdowns = new[]
            {
                Task.Run(() => tracing?.Shutdown(FlushTimeoutMilliseconds), CancellationToken.None),
                Task.Run(() => metrics?.Shutdown(FlushTimeoutMilliseconds), CancellationToken.None),
                Task.Run(() => logging?.Shutdown(FlushTimeoutMilliseconds), CancellationToken.None),
            };
            // An exporter stuck past its timeout is not waited for: its thread is a background one.
            return Task.WhenAny(Task.WhenAll(shutdowns), Task.Delay(FlushTimeoutMilliseconds + 500, CancellationToken.None));
        }
    }
}
