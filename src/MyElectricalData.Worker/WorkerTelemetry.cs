using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MyElectricalData.Worker;

/// <summary>The worker's spans and metrics (collected by ServiceDefaults under "MyElectricalData.*").</summary>
public static class WorkerTelemetry
{
    public const string Name = "MyElectricalData.Worker";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> PdlsWarmed = Meter.CreateCounter<long>("prewarm.pdls", description: "PDLs whose data the pre-warm run put in the cache");

    public static readonly Counter<long> UpstreamCalls = Meter.CreateCounter<long>("prewarm.upstream_calls", description: "Enedis calls made by pre-warm runs");

    public static readonly Counter<long> Failures = Meter.CreateCounter<long>("prewarm.failures", description: "PDLs a pre-warm run could not warm, by reason");

    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>("prewarm.run.duration", "s", "Duration of a pre-warm run");

    public static readonly Counter<long> TokenRenewals = Meter.CreateCounter<long>("token_keeper.renewals", description: "Company token renewals by the token keeper, by outcome");
}
