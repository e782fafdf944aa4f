using System.Diagnostics;
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
/// OpenTelemetry over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the AppHost sets it; so can any
/// deployment). OpenTelemetry.Extensions.Hosting and the instrumentation packages are not on our package
/// mirror, so providers are built with the SDK and owned by DI, listening to the sources and meters that
/// .NET 10, ASP.NET Core, HttpClient and Npgsql emit natively.
/// </summary>
public static class Telemetry
{
    /// <summary>Prefix of every ActivitySource and Meter of ours; <c>MyElectricalData.*</c> is collected.</summary>
    public const string Prefix = "MyElectricalData";

    private static readonly string[] Sources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", $"{Prefix}.*"];

    private static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http", "System.Net.NameResolution", "System.Runtime", "Npgsql", $"{Prefix}.*",
    ];

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var export = !string.IsNullOrWhiteSpace(endpoint);
        var resource = ResourceBuilder.CreateDefault()
            .AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.SetResourceBuilder(resource);
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            if (export)
            {
                logging.AddOtlpExporter();
            }
        });

        if (!export)
        {
            return builder;
        }
        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, HttpServerSpans>();
        // Built once when the host resolves them; disposed (flushed) with the container at shutdown.
        builder.Services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(Sources)
            .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
            .AddOtlpExporter()
            .Build());
        builder.Services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(Meters)
            .AddOtlpExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 5000)
            .Build());
        builder.Services.AddHostedService<TelemetryActivator>();
        return builder;
    }

    /// <summary>Resolves the providers at start so that listening begins before the first request.</summary>
    private sealed class TelemetryActivator(TracerProvider tracing, MeterProvider metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            Debug.Assert(tracing is not null && metrics is not null);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracing.ForceFlush(2000);
            metrics.ForceFlush(2000);
            return Task.CompletedTask;
        }
    }
}
