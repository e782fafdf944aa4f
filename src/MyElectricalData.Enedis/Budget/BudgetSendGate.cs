namespace MyElectricalData.Enedis.Budget;

/// <summary>
/// The last handler before the socket: the attempt's budget slot must still be fresh when its request is
/// written (<see cref="EnedisBudget.KeepFreshAsync"/>), whatever held it up since its admission.
/// </summary>
internal sealed class BudgetSendGate(EnedisBudget budget) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (EnedisBudget.Pending.Value is { } admission)
        {
            EnedisBudget.Pending.Value = null;
            await budget.KeepFreshAsync(admission, cancellationToken);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
