using Polly;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>
/// Thrown, without anything being sent, when a client already has as many requests in flight as its
/// <see cref="HttpRateLimiterOptions"/> allow.
/// </summary>
public sealed class RateLimiterRejectedException : ExecutionRejectedException
{
    public RateLimiterRejectedException()
        : this("The HTTP client's concurrency limit is reached: the request was rejected without being sent.")
    {
    }

    public RateLimiterRejectedException(string message)
        : base(message)
    {
    }

    public RateLimiterRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>When the limiter could tell, how long to wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
