using FastEndpoints;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.MeterData;

/// <summary><c>/api/enedis</c>: the caller's own meter readings and customer data, cached (SPEC §4).</summary>
public sealed class EnedisDataGroup : Group
{
    public EnedisDataGroup() => Configure("/api/enedis", endpoint =>
    {
        endpoint.Description(builder => builder.WithTags("Enedis data").WithErrorResponses());
    });
}
