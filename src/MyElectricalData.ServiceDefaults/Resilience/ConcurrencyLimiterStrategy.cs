using System.Threading.RateLimiting;
using Polly;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>
/// Polly.RateLimiting is not available to us, so this is the outermost strategy of the standard pipeline written
/// against System.Threading.RateLimiting directly. It owns its limiter: Polly disposes it with the pipeline.
/// </summary>
internal sealed class ConcurrencyLimiterStrategy(HttpRateLimiterOptions options) : ResilienceStrategy, IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.PermitLimit,
        QueueLimit = options.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        RateLimitLease lease;
        try
        {
            lease = await _limiter.AcquireAsync(1, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (OperationCanceledException e)
        {
            return Outcome.FromException<TResult>(e);
        }

        using (lease)
        {
            if (!lease.IsAcquired)
            {
                return Outcome.FromException<TResult>(new RateLimiterRejectedException(
                    $"The HTTP client's concurrency limit ({options.PermitLimit} in flight, {options.QueueLimit} queued) " +
                    "is reached: the request was rejected without being sent.")
                {
                    RetryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null,
                });
            }

            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
    }

    public void Dispose() => _limiter.Dispose();
}
