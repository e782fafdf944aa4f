using System.ComponentModel.DataAnnotations;

namespace MyElectricalData.ServiceDefaults.Resilience;

public sealed class HttpCircuitBreakerOptions
{
    [Range(0.0, 1.0)]
    public double FailureRatio { get; set; } = 0.1;

    [Range(2, int.MaxValue)]
    public int MinimumThroughput { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
