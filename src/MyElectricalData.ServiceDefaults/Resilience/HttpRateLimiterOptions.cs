using System.ComponentModel.DataAnnotations;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>A concurrency limit per client: it protects this process, not the remote service's quota.</summary>
public sealed class HttpRateLimiterOptions
{
    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; } = 1000;

    // Zero means "reject at once when saturated": queued requests would only burn their total timeout.
    [Range(0, int.MaxValue)]
    public int QueueLimit { get; set; }
}
