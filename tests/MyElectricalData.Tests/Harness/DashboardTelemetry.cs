using System.Text.Json;

namespace MyElectricalData.Tests.Harness;

public sealed record TelemetrySpan(string Service, string Scope, string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind,
    IReadOnlyDictionary<string, string> Attributes, string Text);

public sealed record TelemetryLog(string Service, string Category, string Message, string? TraceId, IReadOnlyDictionary<string, string> Attributes, string Text);

/// <summary>
/// The Aspire dashboard's telemetry HTTP API (<c>/api/telemetry/...</c>, OTLP JSON, header <c>x-api-key</c>): what the
/// services really exported, as a person would find it in the dashboard.
/// </summary>
public sealed class DashboardTelemetry(HttpClient client)
{
    public static async Task<DashboardTelemetry> ConnectAsync(TestTopology topology)
    {
        var url = await topology.App.GetDashboardUrlAsync() ?? throw new InvalidOperationException("The dashboard is off.");
        var client = new HttpClient { BaseAddress = new Uri(url.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-api-key", topology.DashboardApiKey);
        return new DashboardTelemetry(client);
    }

    public async Task<IReadOnlyList<TelemetrySpan>> SpansAsync(string? resource = null)
    {
        var root = await GetAsync("traces", resource);
        return [.. from resourceSpans in root.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
                   let service = ServiceName(resourceSpans)
                   from scopeSpans in resourceSpans.GetProperty("scopeSpans").EnumerateArray()
                   let scope = scopeSpans.GetProperty("scope").GetProperty("name").GetString()!
                   from span in scopeSpans.GetProperty("spans").EnumerateArray()
                   select new TelemetrySpan(service, scope, span.GetProperty("traceId").GetString()!, span.GetProperty("spanId").GetString()!,
                       span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null, span.GetProperty("name").GetString()!,
                       span.GetProperty("kind").GetInt32(), Attributes(span), $"span {service} {span.GetRawText()}")];
    }

    public async Task<IReadOnlyList<TelemetryLog>> LogsAsync(string? resource = null)
    {
        var root = await GetAsync("logs", resource);
        return [.. from resourceLogs in root.GetProperty("data").GetProperty("resourceLogs").EnumerateArray()
                   let service = ServiceName(resourceLogs)
                   from scopeLogs in resourceLogs.GetProperty("scopeLogs").EnumerateArray()
                   let category = scopeLogs.GetProperty("scope").GetProperty("name").GetString()!
                   from record in scopeLogs.GetProperty("logRecords").EnumerateArray()
                   select new TelemetryLog(service, category,
                       record.TryGetProperty("body", out var body) && body.TryGetProperty("stringValue", out var text) ? text.GetString()! : "",
                       record.TryGetProperty("traceId", out var trace) ? trace.GetString() : null, Attributes(record),
                       $"log {service} {category} {record.GetRawText()}")];
    }

    private async Task<JsonElement> GetAsync(string signal, string? resource)
    {
        using var response = await client.GetAsync(resource is null ? $"/api/telemetry/{signal}" : $"/api/telemetry/{signal}?resource={resource}");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string ServiceName(JsonElement resource) =>
        resource.GetProperty("resource").GetProperty("attributes").EnumerateArray()
            .First(a => a.GetProperty("key").GetString() == "service.name").GetProperty("value").GetProperty("stringValue").GetString()!;

    private static Dictionary<string, string> Attributes(JsonElement item) =>
        item.TryGetProperty("attributes", out var attributes)
            ? attributes.EnumerateArray().GroupBy(a => a.GetProperty("key").GetString()!)
                .ToDictionary(g => g.Key, g => string.Join(",", g.Select(a => a.GetProperty("value").EnumerateObject().FirstOrDefault().Value.ToString())))
            : [];
}
