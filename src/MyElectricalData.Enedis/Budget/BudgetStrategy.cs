using MyElectricalData.Enedis.Token;
using Polly;

namespace MyElectricalData.Enedis.Budget;

/// <summary>
/// Takes a slot of the deployment-wide budget for every attempt (first tries and retries alike), placed inside
/// the retry and the circuit breaker but outside the attempt timeout, so that waiting for a slot is neither a
/// failure nor a timeout of Enedis. The admission travels with the attempt to <see cref="BudgetSendGate"/>.
/// </summary>
/// <remarks>
/// The call's total timeout (<see cref="EnedisOptions.Timeout"/>) includes the waits for slots. A wait that the
/// total timeout cut short would read as "Enedis did not answer in time"; so each attempt waits at most what is
/// left of the call's time, and past that it is refused as what it is, the budget being used up. A slot free at
/// once is still taken: then it is Enedis' time that ran out, and the total timeout says so.
/// </remarks>
internal sealed class BudgetStrategy(EnedisBudget budget, EnedisTokenProvider tokens, TimeProvider time, TimeSpan callTimeout) : ResilienceStrategy
{
    /// <summary>When the call's time runs out (a <see cref="TimeProvider"/> timestamp), set by its first attempt.</summary>
    private static readonly ResiliencePropertyKey<long> Deadline = new("MyElectricalData.Enedis.Deadline");

    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        if (!context.Properties.TryGetValue(Deadline, out var deadline))
        {
            // The first attempt starts as the total timeout does: only the retry (which adds nothing before it) is between.
            deadline = time.GetTimestamp() + (long)(callTimeout.TotalSeconds * time.TimestampFrequency);
            context.Properties.Set(Deadline, deadline);
        }
        try
        {
            // The token first: a slot taken and then held while a token is fetched would reach Enedis late,
            // bunched with the next second's calls.
            await tokens.GetTokenAsync(context.CancellationToken);
            // Waiting into the call's last second would mostly pay for an attempt cut short by the total timeout.
            var left = TimeSpan.FromSeconds((double)(deadline - time.GetTimestamp()) / time.TimestampFrequency) - TimeSpan.FromSeconds(1);
            EnedisBudget.Pending.Value = await budget.AcquireAsync(EnedisCallPriority.Value, context.CancellationToken, left);
        }
        catch (Exception e)
        {
            return Outcome.FromException<TResult>(e);
        }
        return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
    }
}
