using System.Threading.RateLimiting;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.Enedis.Token;
using Polly;
using Polly.RateLimiting;

namespace MyElectricalData.Enedis.Budget;

/// <summary>
/// The deployment-wide budget as the rate limiter of the Enedis pipeline (Polly's rate limiter strategy, its
/// <see cref="RateLimiterStrategyOptions.RateLimiter"/> delegate). It sits inside the retry and the circuit breaker,
/// so every attempt takes a slot (first tries and retries alike), and outside the attempt timeout, so that waiting
/// for a slot is neither a failure nor a timeout of Enedis.
/// <para>
/// A delegate rather than a <see cref="RateLimiter"/> subclass: a lease here depends on the call (its priority,
/// what is left of its time), which <see cref="RateLimiter.AcquireAsync(int, CancellationToken)"/> cannot be told.
/// Both travel with the call: the priority in its <see cref="HttpRequestMessage"/>
/// (<see cref="EnedisCallOption"/>), the deadline and the admission in its Polly <see cref="ResilienceContext"/>,
/// which the resilience handler puts on the request for <see cref="BudgetSendGate"/> to read below the pipeline.
/// </para>
/// </summary>
/// <remarks>
/// The call's total timeout (<see cref="EnedisOptions.Timeout"/>) includes the waits for slots. A wait that the
/// total timeout cut short would read as "Enedis did not answer in time"; so each attempt waits at most what is
/// left of the call's time, and past that the lease is refused (<see cref="RateLimiterRejectedException"/>, which
/// the provider reports as <see cref="EnedisErrorKind.BudgetExhausted"/>). A slot free at once is still taken: then
/// it is Enedis' time that ran out, and the total timeout says so.
/// </remarks>
internal sealed class EnedisBudgetLimiter(EnedisBudget budget, EnedisTokenProvider tokens, TimeProvider time, TimeSpan callTimeout)
{
    /// <summary>The admission of the attempt in flight, from here to <see cref="BudgetSendGate"/>; null once used.</summary>
    public static readonly ResiliencePropertyKey<BudgetAdmission?> Admission = new("MyElectricalData.Enedis.Budget.Admission");

    /// <summary>When the call's time runs out (a <see cref="TimeProvider"/> timestamp), set by its first attempt.</summary>
    private static readonly ResiliencePropertyKey<long> Deadline = new("MyElectricalData.Enedis.Budget.Deadline");

    public async ValueTask<RateLimitLease> AcquireAsync(RateLimiterArguments args)
    {
        var context = args.Context;
        if (!context.Properties.TryGetValue(Deadline, out var deadline))
        {
            // The first attempt starts as the total timeout does: only the retry (which adds nothing before it) is between.
            deadline = time.GetTimestamp() + (long)(callTimeout.TotalSeconds * time.TimestampFrequency);
            context.Properties.Set(Deadline, deadline);
        }

        // The token first: a slot taken and then held while a token is fetched would reach Enedis late,
        // bunched with the next second's calls.
        await tokens.GetTokenAsync(args.Context.CancellationToken);
        // Waiting into the call's last second would mostly pay for an attempt cut short by the total timeout.
        var left = TimeSpan.FromSeconds((double)(deadline - time.GetTimestamp()) / time.TimestampFrequency) - TimeSpan.FromSeconds(1);
        var priority = EnedisCallOption.Of(context.GetRequestMessage());
        try
        {
            context.Properties.Set(Admission, await budget.AcquireAsync(priority, args.Context.CancellationToken, left));
            return BudgetLease.Admitted;
        }
        catch (EnedisException e) when (e.Kind == EnedisErrorKind.BudgetExhausted)
        {
            return new BudgetLease(e.RetryAfter ?? TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>
    /// A slot of the sliding window needs no giving back (it leaves the window by itself), so a lease is only its
    /// answer: admitted, or refused with the time after which asking again is worth it.
    /// </summary>
    private sealed class BudgetLease : RateLimitLease
    {
        public static readonly BudgetLease Admitted = new(null);

        private readonly TimeSpan? _retryAfter;

        public BudgetLease(TimeSpan? retryAfter) => _retryAfter = retryAfter;

        public override bool IsAcquired => _retryAfter is null;

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = _retryAfter is { } retryAfter && metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
