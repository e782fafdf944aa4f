using System.ComponentModel.DataAnnotations;

namespace MyElectricalData.Worker.Prewarm;

public sealed class PrewarmOptions
{
    public const string Section = "Worker:Prewarm";

    /// <summary>Off in topologies where tests own the cache (an unexpected HIT would break their assertions).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Local time (in <see cref="TimeZone"/>) after Enedis has published yesterday's data (about 08:00).</summary>
    public TimeOnly At { get; set; } = new(8, 30);

    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Days missed while the worker was down that a run still fetches (older ones are left to users' reads).</summary>
    [Range(1, 30)]
    public int MaxCatchUpDays { get; set; } = 7;

    /// <summary>PDLs one worker warms at once: enough to keep the budget busy, few enough that each call's wait stays short.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 8;

    /// <summary>How long a claim on a PDL lasts; a worker that dies mid-run frees its PDLs this long after.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>PDLs per progress log line.</summary>
    [Range(1, 100_000)]
    public int ProgressEvery { get; set; } = 50;
}
