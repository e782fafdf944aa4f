// Owns: the sandbox's traces, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the AppHost sets it), so
// that a gateway request's trace continues into "Enedis". Incoming traceparent headers link the spans.
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MyElectricalData.EnedisSandbox;

internal static class SandboxTelemetry
{
    public static IServiceCollection AddSandboxTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return services;
        }
        var resource = ResourceBuilder.CreateDefault().AddService(configuration["OTEL_SERVICE_NAME"] ?? "enedis-sandbox");
        services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource("Microsoft.AspNetCore").AddOtlpExporter().Build());
        services.AddHostedService<TracingStarter>();
        return services;
    }

    /// <summary>Builds the provider at start so that listening begins before the first request; flushes at stop.</summary>
    private sealed class TracingStarter(TracerProvider tracing) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracing.ForceFlush(2000);
            return Task.CompletedTask;
        }
    }
}
