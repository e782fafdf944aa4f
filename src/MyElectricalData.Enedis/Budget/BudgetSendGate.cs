namespace MyElectricalData.Enedis.Budget;

/// <summary>
/// The last handler before the socket: the attempt's budget slot must still be fresh when its request is
/// written (<see cref="EnedisBudget.KeepFreshAsync"/>), whatever held it up since its admission. The admission
/// comes with the request, in the Polly context the resilience handler attached to it.
/// </summary>
internal sealed class BudgetSendGate(EnedisBudget budget) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.GetResilienceContext() is { } context
            && context.Properties.TryGetValue(EnedisBudgetLimiter.Admission, out var pending) && pending is { } admission)
        {
            // Used once: an attempt that did not go through the limiter must not reuse the previous attempt's slot.
            context.Properties.Set(EnedisBudgetLimiter.Admission, null);
            await budget.KeepFreshAsync(admission, cancellationToken);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
