using System.Globalization;
using Google.Protobuf;
using MyElectricalData.Hosting.Dashboard.Otlp;

namespace MyElectricalData.Hosting.Dashboard;

/// <summary>
/// What the OTLP receiver was sent, translated from the wire messages into the dashboard's records and kept
/// in bounded ring buffers. Knows OTLP and nothing of the services that send it.
/// </summary>
public sealed class TelemetryStore(DashboardOptions options)
{
    private readonly RingBuffer<SpanData> _spans = new(options.MaxSpans);
    private readonly RingBuffer<StructuredLog> _logs = new(options.MaxLogs);
    private readonly RingBuffer<MetricPoint> _metrics = new(options.MaxMetricPoints);
    private long _logSequence;

    public int SpanCount => _spans.Count;

    public int LogCount => _logs.Count;

    public int MetricPointCount => _metrics.Count;

    public List<SpanData> Spans() => _spans.Snapshot();

    public List<StructuredLog> Logs() => _logs.Snapshot();

    public List<MetricPoint> MetricPoints() => _metrics.Snapshot();

    internal void Add(ExportTraceServiceRequest request)
    {
        var spans = new List<SpanData>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var service = ServiceName(resourceSpans.Resource);
            foreach (var scope in resourceSpans.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    spans.Add(new SpanData(
                        Hex(span.TraceId),
                        Hex(span.SpanId),
                        span.ParentSpanId.IsEmpty ? null : Hex(span.ParentSpanId),
                        service,
                        scope.Scope?.Name ?? "",
                        span.Name,
                        span.Kind switch
                        {
                            Span.Types.SpanKind.Server => "Server",
                            Span.Types.SpanKind.Client => "Client",
                            Span.Types.SpanKind.Producer => "Producer",
                            Span.Types.SpanKind.Consumer => "Consumer",
                            _ => "Internal",
                        },
                        Time(span.StartTimeUnixNano),
                        Time(span.EndTimeUnixNano),
                        span.Status?.Code switch
                        {
                            Status.Types.StatusCode.Error => "Error",
                            Status.Types.StatusCode.Ok => "Ok",
                            _ => "Unset",
                        },
                        string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
                        Attributes(span.Attributes),
                        [.. span.Events.Select(e => new SpanEvent(Time(e.TimeUnixNano), e.Name, Attributes(e.Attributes)))]));
                }
            }
        }
        _spans.AddRange(spans);
    }

    internal void Add(ExportLogsServiceRequest request)
    {
        var logs = new List<StructuredLog>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var service = ServiceName(resourceLogs.Resource);
            foreach (var scope in resourceLogs.ScopeLogs)
            {
                foreach (var record in scope.LogRecords)
                {
                    var severity = (int)record.SeverityNumber;
                    logs.Add(new StructuredLog(
                        Interlocked.Increment(ref _logSequence),
                        Time(record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano),
                        service,
                        LevelOf(severity, record.SeverityText),
                        severity,
                        scope.Scope?.Name ?? "",
                        record.Body is null ? "" : Text(record.Body),
                        record.TraceId.IsEmpty ? null : Hex(record.TraceId),
                        record.SpanId.IsEmpty ? null : Hex(record.SpanId),
                        Attributes(record.Attributes)));
                }
            }
        }
        _logs.AddRange(logs);
    }

    internal void Add(ExportMetricsServiceRequest request)
    {
        var points = new List<MetricPoint>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var service = ServiceName(resourceMetrics.Resource);
            foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(s => s.Metrics))
            {
                switch (metric.DataCase)
                {
                    case Metric.DataOneofCase.Gauge:
                        points.AddRange(metric.Gauge.DataPoints.Select(p => Number(service, metric, MetricKind.Gauge, isDelta: false, p)));
                        break;
                    case Metric.DataOneofCase.Sum:
                        var sumIsDelta = metric.Sum.AggregationTemporality == AggregationTemporality.Delta;
                        points.AddRange(metric.Sum.DataPoints.Select(p => Number(service, metric, MetricKind.Sum, sumIsDelta, p)));
                        break;
                    case Metric.DataOneofCase.Histogram:
                        var histogramIsDelta = metric.Histogram.AggregationTemporality == AggregationTemporality.Delta;
                        points.AddRange(metric.Histogram.DataPoints.Select(p => new MetricPoint(
                            service, metric.Name, metric.Unit, MetricKind.Histogram, histogramIsDelta,
                            Time(p.StartTimeUnixNano), Time(p.TimeUnixNano), Attributes(p.Attributes),
                            p.HasSum ? p.Sum : 0, p.Count, [.. p.ExplicitBounds], [.. p.BucketCounts])));
                        break;
                    default:
                        // Exponential histograms and summaries: not drawn by the dashboard.
                        break;
                }
            }
        }
        _metrics.AddRange(points);
    }

    private static MetricPoint Number(string service, Metric metric, MetricKind kind, bool isDelta, NumberDataPoint point) =>
        new(service, metric.Name, metric.Unit, kind, isDelta, Time(point.StartTimeUnixNano), Time(point.TimeUnixNano),
            Attributes(point.Attributes), point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble,
            0, [], []);

    private static string ServiceName(Otlp.Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value is { } name ? Text(name) : "unknown_service";

    private static string LevelOf(int severity, string text) => severity switch
    {
        >= 1 and <= 4 => "Trace",
        >= 5 and <= 8 => "Debug",
        >= 9 and <= 12 => "Information",
        >= 13 and <= 16 => "Warning",
        >= 17 and <= 20 => "Error",
        >= 21 => "Critical",
        _ => string.IsNullOrEmpty(text) ? "Information" : text,
    };

    private static Dictionary<string, string> Attributes(IEnumerable<KeyValue> attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = attribute.Value is null ? "" : Text(attribute.Value);
        }
        return result;
    }

    private static string Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => kv.Key + ": " + (kv.Value is null ? "" : Text(kv.Value)))) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => "",
    };

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static DateTimeOffset Time(ulong unixNanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)Math.Min(unixNanoseconds / 100, (ulong)(DateTimeOffset.MaxValue.Ticks - DateTimeOffset.UnixEpoch.Ticks)));
}
