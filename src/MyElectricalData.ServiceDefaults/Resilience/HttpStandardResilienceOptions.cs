using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>
/// Settings of the standard HTTP resilience pipeline, one object per strategy, in pipeline order
/// (outermost first). The defaults are those of Microsoft.Extensions.Http.Resilience's standard handler.
/// Bound from <c>Resilience:Http</c>, then <c>Resilience:Http:&lt;clientName&gt;</c> for one named client.
/// </summary>
public sealed class HttpStandardResilienceOptions
{
    public const string SectionName = "Resilience:Http";

    [Required]
    [ValidateObjectMembers]
    public HttpRateLimiterOptions RateLimiter { get; set; } = new();

    [Required]
    [ValidateObjectMembers]
    public HttpTimeoutOptions TotalRequestTimeout { get; set; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Required]
    [ValidateObjectMembers]
    public HttpRetryOptions Retry { get; set; } = new();

    [Required]
    [ValidateObjectMembers]
    public HttpCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    [Required]
    [ValidateObjectMembers]
    public HttpTimeoutOptions AttemptTimeout { get; set; } = new() { Timeout = TimeSpan.FromSeconds(10) };
}
