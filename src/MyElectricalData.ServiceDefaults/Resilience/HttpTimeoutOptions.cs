using System.ComponentModel.DataAnnotations;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>Used twice: for the whole request (retries included) and for each attempt.</summary>
public sealed class HttpTimeoutOptions
{
    // Same bounds as Polly's TimeoutStrategyOptions, so a bad value fails here rather than at the first request.
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
