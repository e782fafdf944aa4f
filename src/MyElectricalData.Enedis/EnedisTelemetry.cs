using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MyElectricalData.Enedis;

/// <summary>The provider's spans and metrics (collected by ServiceDefaults under "MyElectricalData.*").</summary>
public static class EnedisTelemetry
{
    public const string Name = "MyElectricalData.Enedis";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Calls that reached Enedis, by endpoint and outcome (ok, or the error kind).</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("enedis.requests", description: "Calls to Enedis Data Connect");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("enedis.request.duration", "ms", "Duration of a typed Enedis call, retries and budget waits included");

    public static readonly Histogram<double> SendLateness = Meter.CreateHistogram<double>("enedis.budget.send_lateness", "ms", "Time between a call's admission by the budget and its leaving for Enedis");

    public static readonly Counter<long> StaleAdmissions = Meter.CreateCounter<long>("enedis.budget.stale_admissions", description: "Admissions given back because the call could not leave in time");

    /// <summary>Times an endpoint family's circuit opened (many usage points failing there), by endpoint.</summary>
    public static readonly Counter<long> CircuitOpened = Meter.CreateCounter<long>("enedis.circuit.opened", description: "Times calls to an Enedis endpoint were paused");

    public static readonly Histogram<double> BudgetWait = Meter.CreateHistogram<double>("enedis.budget.wait", "ms", "Time spent waiting for a slot of the deployment-wide budget");
}
