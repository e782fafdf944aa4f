using System.ComponentModel.DataAnnotations;
using Polly;

namespace MyElectricalData.ServiceDefaults.Resilience;

public sealed class HttpRetryOptions
{
    // Zero turns retries off (the strategy is then left out of the pipeline: Polly itself requires at least 1).
    [Range(0, 100)]
    public int MaxRetryAttempts { get; set; } = 3;

    public DelayBackoffType BackoffType { get; set; } = DelayBackoffType.Exponential;

    // Jitter spreads the retries of many clients that failed together, so they don't hit the server in waves.
    public bool UseJitter { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(2);

    // The server knows better than our backoff when it can take the request again.
    public bool ShouldRetryAfterHeader { get; set; } = true;
}
