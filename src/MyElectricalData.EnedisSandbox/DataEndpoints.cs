// Owns: what the nine Enedis data endpoints have in common, in the order Enedis applies it: a valid bearer token,
// then the company quota, then (sandbox only) an injected fault; and the marker the call log looks for.
using MyElectricalData.EnedisSandbox.Customers;
using MyElectricalData.EnedisSandbox.Faults;
using MyElectricalData.EnedisSandbox.Metering;
using MyElectricalData.EnedisSandbox.Quota;
using MyElectricalData.EnedisSandbox.Token;

namespace MyElectricalData.EnedisSandbox;

internal static class DataEndpoints
{
    public static IEndpointRouteBuilder MapEnedisData(this IEndpointRouteBuilder app)
    {
        var data = app.MapGroup("")
            .WithMetadata(DataEndpointMetadata.Instance)
            .AddEndpointFilter<BearerTokenFilter>()
            .AddEndpointFilter<QuotaFilter>()
            .AddEndpointFilter<FaultFilter>();
        data.MapMetering();
        data.MapCustomers();
        return app;
    }
}

/// <summary>Marks the Enedis data endpoints: the ones that need a token, count against quotas and are logged.</summary>
internal sealed class DataEndpointMetadata
{
    public static readonly DataEndpointMetadata Instance = new();
}
