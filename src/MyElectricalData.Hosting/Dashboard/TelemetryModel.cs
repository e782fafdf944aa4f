namespace MyElectricalData.Hosting.Dashboard;

/// <summary>A span as the dashboard shows it: ids in lower-case hex, attributes as text.</summary>
public sealed record SpanData(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Service,
    string Scope,
    string Name,
    string Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Status,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEvent> Events)
{
    public double DurationMs => (End - Start).TotalMilliseconds;

    public bool IsError => Status == "Error";
}

public sealed record SpanEvent(DateTimeOffset Timestamp, string Name, IReadOnlyDictionary<string, string> Attributes);

public sealed record StructuredLog(
    long Sequence,
    DateTimeOffset Timestamp,
    string Service,
    string Level,
    int Severity,
    string Category,
    string Message,
    string? TraceId,
    string? SpanId,
    IReadOnlyDictionary<string, string> Attributes);

public enum MetricKind
{
    Gauge,
    Sum,
    Histogram,
}

/// <summary>
/// One exported data point. Counters and histograms arrive cumulative from the .NET SDK (totals since start);
/// rates and percentiles are computed from successive points of the same series.
/// </summary>
public sealed record MetricPoint(
    string Service,
    string Name,
    string Unit,
    MetricKind Kind,
    bool IsDelta,
    DateTimeOffset Start,
    DateTimeOffset Timestamp,
    IReadOnlyDictionary<string, string> Attributes,
    double Value,
    ulong Count,
    IReadOnlyList<double> Bounds,
    IReadOnlyList<ulong> BucketCounts)
{
    /// <summary>Identifies the series: service, instrument and attribute set.</summary>
    public string SeriesKey { get; } = Service + "\n" + Name + "\n" + string.Join("\n", Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value));
}
