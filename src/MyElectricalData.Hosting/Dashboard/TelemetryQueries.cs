namespace MyElectricalData.Hosting.Dashboard;

public sealed record TraceSummary(
    string TraceId,
    string Name,
    string Service,
    IReadOnlyList<string> Services,
    DateTimeOffset Start,
    double DurationMs,
    int SpanCount,
    int ErrorCount);

public sealed record RatePoint(DateTimeOffset T, double Rate, double? P50, double? P90, double? P99);

public sealed record ServiceSeries(string Service, IReadOnlyList<RatePoint> Points);

/// <summary>Answers the dashboard's questions over the store: traces by request, rates and percentiles over time.</summary>
public static class TelemetryQueries
{
    public static List<TraceSummary> Traces(IEnumerable<SpanData> spans, string? service, bool errorsOnly, int limit) =>
        [.. spans.GroupBy(s => s.TraceId)
            .Select(Summarize)
            .Where(t => string.IsNullOrEmpty(service) || t.Services.Contains(service))
            .Where(t => !errorsOnly || t.ErrorCount > 0)
            .OrderByDescending(t => t.Start)
            .Take(limit)];

    private static TraceSummary Summarize(IGrouping<string, SpanData> trace)
    {
        var ids = trace.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        // The root is the span whose parent is not in the trace (or, while it is still missing, the earliest).
        var root = trace.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId))
            .OrderBy(s => s.ParentSpanId is null ? 0 : 1).ThenBy(s => s.Start).First();
        var start = trace.Min(s => s.Start);
        var end = trace.Max(s => s.End);
        return new TraceSummary(trace.Key, root.Name, root.Service,
            [.. trace.Select(s => s.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            start, (end - start).TotalMilliseconds, trace.Count(), trace.Count(s => s.IsError));
    }

    /// <summary>
    /// Per service, the rate per second of a counter (sum of its series) or of a histogram's recordings, in
    /// buckets of <paramref name="step"/>; for histograms also the 50th, 90th and 99th percentiles of what was
    /// recorded during each bucket.
    /// </summary>
    public static List<ServiceSeries> Rates(IEnumerable<MetricPoint> points, string name, string? service, TimeSpan step)
    {
        var deltas = Deltas(points.Where(p => p.Name == name && p.Kind != MetricKind.Gauge && (string.IsNullOrEmpty(service) || p.Service == service)));
        return [.. deltas.GroupBy(d => d.Point.Service)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(byService => new ServiceSeries(byService.Key, [.. byService
                .GroupBy(d => Floor(d.Point.Timestamp, step))
                .OrderBy(g => g.Key)
                .Select(bucket => Bucket(bucket.Key, bucket))]))];
    }

    private static RatePoint Bucket(DateTimeOffset t, IEnumerable<Delta> deltas)
    {
        // The total rate is the sum of each series' own rate (a series may have several points in one bucket).
        var rate = deltas.GroupBy(d => d.Point.SeriesKey).Sum(series => series.Average(d => d.Elapsed > 0 ? d.Amount / d.Elapsed : 0));
        var histogram = deltas.Where(d => d.Buckets is not null).ToList();
        if (histogram.Count == 0)
        {
            return new RatePoint(t, rate, null, null, null);
        }
        var bounds = histogram[0].Point.Bounds;
        var counts = new double[bounds.Count + 1];
        foreach (var delta in histogram.Where(d => d.Buckets!.Length == counts.Length))
        {
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] += delta.Buckets![i];
            }
        }
        return new RatePoint(t, rate, Percentile(bounds, counts, 0.5), Percentile(bounds, counts, 0.9), Percentile(bounds, counts, 0.99));
    }

    /// <summary>Linear interpolation inside the bucket that holds the quantile (what Prometheus' histogram_quantile does).</summary>
    internal static double? Percentile(IReadOnlyList<double> bounds, double[] counts, double quantile)
    {
        var total = counts.Sum();
        if (total <= 0 || bounds.Count == 0)
        {
            return null;
        }
        var rank = quantile * total;
        double seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (seen + counts[i] >= rank && counts[i] > 0)
            {
                if (i == bounds.Count)
                {
                    return bounds[^1];
                }
                var lower = i == 0 ? 0 : bounds[i - 1];
                return lower + ((bounds[i] - lower) * ((rank - seen) / counts[i]));
            }
            seen += counts[i];
        }
        return bounds[^1];
    }

    private sealed record Delta(MetricPoint Point, double Amount, double Elapsed, double[]? Buckets);

    /// <summary>What each point adds to its series: itself when delta, the difference with the previous when cumulative.</summary>
    private static IEnumerable<Delta> Deltas(IEnumerable<MetricPoint> points)
    {
        foreach (var series in points.GroupBy(p => p.SeriesKey))
        {
            MetricPoint? previous = null;
            foreach (var point in series.OrderBy(p => p.Timestamp))
            {
                var histogram = point.Kind == MetricKind.Histogram;
                var amount = histogram ? point.Count : point.Value;
                if (point.IsDelta)
                {
                    yield return new Delta(point, amount, (point.Timestamp - point.Start).TotalSeconds, histogram ? [.. point.BucketCounts.Select(c => (double)c)] : null);
                }
                else if (previous is not null && point.Start == previous.Start && point.Timestamp > previous.Timestamp)
                {
                    var before = histogram ? previous.Count : previous.Value;
                    double[]? buckets = null;
                    if (histogram && previous.BucketCounts.Count == point.BucketCounts.Count)
                    {
                        buckets = [.. point.BucketCounts.Select((c, i) => (double)c - previous.BucketCounts[i])];
                    }
                    yield return new Delta(point, amount - before, (point.Timestamp - previous.Timestamp).TotalSeconds, buckets);
                }
                // A cumulative series' first point (or one after a restart) only sets the baseline.
                previous = point;
            }
        }
    }

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan step) =>
        new(time.UtcTicks - (time.UtcTicks % step.Ticks), TimeSpan.Zero);
}
