using MyElectricalData.Enedis.Token;
using Polly;

namespace MyElectricalData.Enedis.Budget;

/// <summary>
/// Takes a slot of the deployment-wide budget for every attempt (first tries and retries alike), placed inside
/// the retry but outside the circuit breaker and attempt timeout, so that waiting for a slot is neither a
/// failure nor a timeout of Enedis. The admission travels with the attempt to <see cref="BudgetSendGate"/>.
/// </summary>
internal sealed class BudgetStrategy(EnedisBudget budget, EnedisTokenProvider tokens) : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        try
        {
            // The token first: a slot taken and then held while a token is fetched would reach Enedis late,
            // bunched with the next second's calls.
            await tokens.GetTokenAsync(context.CancellationToken);
            EnedisBudget.Pending.Value = await budget.AcquireAsync(EnedisCallPriority.Value, context.CancellationToken);
        }
        catch (Exception e)
        {
            return Outcome.FromException<TResult>(e);
        }
        return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
    }
}
