namespace MyElectricalData.Hosting.Dashboard;

/// <summary>Limits of the dev dashboard: what it keeps in memory and what one OTLP request may weigh.</summary>
public sealed class DashboardOptions
{
    /// <summary>Spans kept (the oldest go first).</summary>
    public int MaxSpans { get; set; } = 20_000;

    /// <summary>Structured log records kept.</summary>
    public int MaxLogs { get; set; } = 20_000;

    /// <summary>Metric data points kept (one per series per export: ~5 s apart).</summary>
    public int MaxMetricPoints { get; set; } = 100_000;

    /// <summary>Largest OTLP request body accepted, after decompression (the .NET exporter batches 512 spans).</summary>
    public int MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Dashboard port; 0 picks a free loopback port.</summary>
    public int Port { get; set; }
}
