// Owns: applying an injected fault to a data call, after the token and quota checks (a faulty Enedis still
// counts the call against the quota) and before Enedis' own validation.
using MyElectricalData.EnedisSandbox.Errors;

namespace MyElectricalData.EnedisSandbox.Faults;

internal sealed class FaultFilter(FaultStore faults, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (faults.Take(http.Request.Query["usage_point_id"].ToString()) is not { } fault)
        {
            return await next(context);
        }

        switch (fault.Kind)
        {
            case FaultKind.Status:
                return EnedisError.Injected(fault.Status ?? StatusCodes.Status500InternalServerError).ToResult();
            case FaultKind.Timeout:
                await Task.Delay(TimeSpan.FromMilliseconds(fault.DelayMs ?? 0), time, http.RequestAborted);
                return EnedisError.GatewayTimeout().ToResult();
            case FaultKind.Latency:
                await Task.Delay(TimeSpan.FromMilliseconds(fault.DelayMs ?? 0), time, http.RequestAborted);
                return await next(context);
            case FaultKind.Malformed:
            default:
                // Cut in the middle of a meter reading, as a dropped connection behind a proxy would leave it.
                return TypedResults.Text(
                    $$"""{"meter_reading":{"usage_point_id":"{{fault.UsagePointId}}","start":"2024-01-01","interval_reading":[{"value":"12""",
                    "application/json",
                    statusCode: StatusCodes.Status200OK);
        }
    }
}
