using Microsoft.Extensions.Options;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>Range checks of every strategy's settings, generated from their DataAnnotations.</summary>
[OptionsValidator]
internal sealed partial class HttpStandardResilienceOptionsAnnotationsValidator : IValidateOptions<HttpStandardResilienceOptions>;

/// <summary>Rules that span two strategies, the same as the standard handler of Microsoft.Extensions.Http.Resilience.</summary>
internal sealed class HttpStandardResilienceOptionsValidator : IValidateOptions<HttpStandardResilienceOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpStandardResilienceOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        var attempt = options.AttemptTimeout.Timeout;

        // An attempt that may outlive the whole request can never be retried.
        if (attempt > options.TotalRequestTimeout.Timeout)
        {
            result.AddError(
                $"must not be greater than TotalRequestTimeout.Timeout ({options.TotalRequestTimeout.Timeout}), " +
                $"otherwise no attempt can be retried; it is {attempt}.",
                "AttemptTimeout.Timeout");
        }

        // A shorter window would hold fewer than two slow attempts: the breaker could never see a failure ratio.
        if (options.CircuitBreaker.SamplingDuration < attempt * 2)
        {
            result.AddError(
                $"must be at least twice AttemptTimeout.Timeout ({attempt}); it is {options.CircuitBreaker.SamplingDuration}.",
                "CircuitBreaker.SamplingDuration");
        }

        return result.Build();
    }
}
