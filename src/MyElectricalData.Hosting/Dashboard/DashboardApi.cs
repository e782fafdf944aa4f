using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MyElectricalData.Hosting.Dashboard;

/// <summary>The dashboard's pages (embedded in this assembly) and the JSON they poll, all under the browser token.</summary>
internal static class DashboardApi
{
    private static readonly Dictionary<string, string> Pages = new(StringComparer.Ordinal)
    {
        ["/"] = "dashboard/index.html",
        ["/app.js"] = "dashboard/app.js",
        ["/app.css"] = "dashboard/app.css",
    };

    public static void MapDashboard(this IEndpointRouteBuilder routes, DistributedApplication app, TelemetryStore store)
    {
        foreach (var (path, resource) in Pages)
        {
            routes.MapGet(path, () => Page(resource));
        }
        // Browsers ask for it on every page; an empty answer keeps the console free of 404s.
        routes.MapGet("/favicon.ico", () => Results.NoContent());

        var api = routes.MapGroup("/api");
        api.MapGet("/resources", () => app.Resources.OfType<RunnableResource>().Select(r => new
        {
            r.Name,
            Type = r.DisplayType,
            State = r.State.ToString(),
            Health = r.State switch
            {
                ResourceState.Healthy or ResourceState.Finished => "Healthy",
                ResourceState.Running => "Checking",
                ResourceState.Failed or ResourceState.Restarting => "Unhealthy",
                _ => "",
            },
            r.Urls,
            Restarts = r.RestartCount,
            Pid = r.ProcessId,
            Failure = r.FailureReason,
            Commands = r is ProjectResource ? new[] { "start", "stop", "restart" } : [],
        }));

        api.MapPost("/resources/{name}/{command}", async (string name, string command) =>
        {
            try
            {
                await (command switch
                {
                    "start" => app.StartResourceAsync(name),
                    "stop" => app.StopResourceAsync(name),
                    "restart" => app.RestartResourceAsync(name),
                    _ => throw new ArgumentException($"Unknown command '{command}'.", nameof(command)),
                });
                return Results.NoContent();
            }
            catch (ArgumentException e)
            {
                return Results.NotFound(new { error = e.Message });
            }
            catch (InvalidOperationException e)
            {
                return Results.Conflict(new { error = e.Message });
            }
        });

        api.MapGet("/logs/console/{resource}", (string resource, long? after, string? q) =>
        {
            var lines = app.Logs.Get(resource)
                .Where(l => l.Sequence > (after ?? 0))
                .Where(l => string.IsNullOrEmpty(q) || l.Text.Contains(q, StringComparison.OrdinalIgnoreCase))
                .TakeLast(2000)
                .Select(l => new { l.Sequence, l.Timestamp, l.Text, l.IsError })
                .ToList();
            return new { Lines = lines, Last = lines.Count > 0 ? lines[^1].Sequence : after ?? 0 };
        });

        api.MapGet("/logs/structured", (string? resource, string? level, string? q, string? traceId, int? limit) =>
        {
            var minimum = Severity(level);
            return store.Logs()
                .Where(l => string.IsNullOrEmpty(resource) || l.Service == resource)
                .Where(l => l.Severity >= minimum)
                .Where(l => string.IsNullOrEmpty(traceId) || l.TraceId == traceId)
                .Where(l => string.IsNullOrEmpty(q) || l.Message.Contains(q, StringComparison.OrdinalIgnoreCase)
                    || l.Category.Contains(q, StringComparison.OrdinalIgnoreCase)
                    || l.Attributes.Values.Any(v => v.Contains(q, StringComparison.OrdinalIgnoreCase)))
                .Reverse()
                .Take(Math.Clamp(limit ?? 500, 1, 5000));
        });

        api.MapGet("/traces", (string? resource, bool? errors, int? limit) =>
            TelemetryQueries.Traces(store.Spans(), resource, errors ?? false, Math.Clamp(limit ?? 200, 1, 5000)));

        api.MapGet("/traces/{traceId}", (string traceId) =>
        {
            var spans = store.Spans().Where(s => s.TraceId == traceId).OrderBy(s => s.Start).ToList();
            return spans.Count == 0
                ? Results.NotFound(new { error = $"No span of trace {traceId} (yet, or no longer: the store keeps the latest spans only)." })
                : Results.Ok(new { TraceId = traceId, Spans = spans, Logs = store.Logs().Where(l => l.TraceId == traceId) });
        });

        api.MapGet("/services", () => store.Spans().Select(s => s.Service)
            .Concat(store.Logs().Select(l => l.Service))
            .Concat(store.MetricPoints().Select(p => p.Service))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

        api.MapGet("/metrics", () => store.MetricPoints()
            .GroupBy(p => (p.Service, p.Name))
            .Select(g => new { g.Key.Service, g.Key.Name, g.Last().Unit, Kind = g.Last().Kind.ToString(), Points = g.Count() })
            .OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Service, StringComparer.Ordinal));

        api.MapGet("/metrics/points", (string name, string? resource, int? limit) => store.MetricPoints()
            .Where(p => p.Name == name && (string.IsNullOrEmpty(resource) || p.Service == resource))
            .TakeLast(Math.Clamp(limit ?? 500, 1, 10_000))
            .Select(p => new { p.Service, p.Name, p.Unit, Kind = p.Kind.ToString(), p.Timestamp, p.Attributes, p.Value, p.Count, p.Bounds, p.BucketCounts }));

        // Rate per second of a counter or of a histogram's recordings (plus percentiles for a histogram), per service.
        api.MapGet("/metrics/rate", (string name, string? resource, int? step) =>
            TelemetryQueries.Rates(store.MetricPoints(), name, resource, TimeSpan.FromSeconds(Math.Clamp(step ?? 5, 1, 3600))));
    }

    private static int Severity(string? level) => level?.ToLowerInvariant() switch
    {
        "trace" => 1,
        "debug" => 5,
        "information" or "info" => 9,
        "warning" or "warn" => 13,
        "error" => 17,
        "critical" or "fatal" => 21,
        _ => 0,
    };

    private static IResult Page(string resource)
    {
        var stream = typeof(DashboardApi).Assembly.GetManifestResourceStream(resource);
        if (stream is null)
        {
            return Results.NotFound();
        }
        var contentType = Path.GetExtension(resource) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, contentType);
    }
}
