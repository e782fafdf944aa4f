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
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "enedis-sandbox"))
            // Enedis' consent redirect carries the state and the code in its query: spans keep the path only.
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(options =>
                options.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null)))
            .UseOtlpExporter();
        return services;
    }
}
