using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MyElectricalData.ServiceDefaults;

/// <summary>
/// What every service of the solution opts into with one call, as Aspire's ServiceDefaults project does:
/// OpenTelemetry (<see cref="Telemetry"/>), health checks and their endpoints, and resilient HttpClients.
/// It knows nothing of the services' own code.
/// </summary>
public static class Extensions
{
    public const string LivenessTag = "live";

    /// <summary>The category of ASP.NET Core's request logging, kept at Warning (see <see cref="AddServiceDefaults"/>).</summary>
    public const string QueryLoggingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddTelemetry();
        // ASP.NET Core's "Request starting/finished" lines (Information) hold the full query string: e-mail tokens,
        // consent codes and states. Requests are described by their trace (path and route, no query) instead. This
        // rule wins over the same category in configuration; a provider-specific entry (Logging:Console:LogLevel:...)
        // can still lift it on a developer's machine.
        builder.Logging.AddFilter(QueryLoggingCategory, LogLevel.Warning);
        builder.Services.AddHealthChecks()
            // Liveness answers "is the process responsive", never "are my dependencies up": a restart cures neither.
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LivenessTag]);
        // Every HttpClient is resilient by default (Microsoft.Extensions.Http.Resilience's standard handler) and resolves
        // the AppHost's service names ("http://enedis-sandbox"). A client with needs of its own first calls
        // RemoveAllResilienceHandlers(), then adds its pipeline: otherwise it would run both, the standard one outside.
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary><c>/health</c>: every check, as JSON (for people and the AppHost); <c>/alive</c>: liveness only.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthReport })
            .DisableHttpMetrics();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LivenessTag), ResponseWriter = WriteHealthReport })
            .DisableHttpMetrics();
        return app;
    }

    private static Task WriteHealthReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        // Descriptions only: exception messages can carry host names or connection details.
        var body = new
        {
            status = report.Status.ToString(),
            duration_ms = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, duration_ms = Math.Round(e.Value.Duration.TotalMilliseconds, 1) }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
