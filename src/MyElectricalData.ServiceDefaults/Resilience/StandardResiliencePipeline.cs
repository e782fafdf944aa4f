using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>
/// The five strategies of the standard handler, outermost first: rate limiter, total timeout, retry,
/// circuit breaker, attempt timeout. The order matters: the breaker sits inside the retry so that every attempt
/// counts, and the attempt timeout inside the breaker so that a slow attempt counts as a failure.
/// </summary>
internal static class StandardResiliencePipeline
{
    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder,
        string clientName,
        HttpStandardResilienceOptions options,
        TimeProvider time,
        ILogger logger)
    {
        builder.AddStrategy(_ => new ConcurrencyLimiterStrategy(options.RateLimiter));
        builder.AddTimeout(options.TotalRequestTimeout.Timeout);

        if (options.Retry.MaxRetryAttempts > 0)
        {
            builder.AddRetry(Retry(clientName, options.Retry, time, logger));
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = options.CircuitBreaker.FailureRatio,
            MinimumThroughput = options.CircuitBreaker.MinimumThroughput,
            SamplingDuration = options.CircuitBreaker.SamplingDuration,
            BreakDuration = options.CircuitBreaker.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(HttpTransientFailure.Is(args.Outcome)),
            OnOpened = args =>
            {
                ResilienceLog.CircuitOpened(logger, clientName, args.BreakDuration.TotalMilliseconds);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(options.AttemptTimeout.Timeout);
    }

    private static RetryStrategyOptions<HttpResponseMessage> Retry(
        string clientName, HttpRetryOptions options, TimeProvider time, ILogger logger) => new()
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = options.BackoffType,
            UseJitter = options.UseJitter,
            Delay = options.Delay,
            ShouldHandle = args => ValueTask.FromResult(HttpTransientFailure.Is(args.Outcome)),
            DelayGenerator = options.ShouldRetryAfterHeader
                ? args => ValueTask.FromResult(RetryAfter.DelayOf(args.Outcome.Result, time))
                : null,
            OnRetry = args =>
            {
                var request = args.Context.Properties.GetValue(ResilienceHandler.RequestKey, null!);
                ResilienceLog.Retrying(logger, clientName, request, args.Outcome, args.AttemptNumber + 1, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        };
}
