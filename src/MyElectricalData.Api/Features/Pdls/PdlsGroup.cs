using FastEndpoints;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Pdls;

/// <summary><c>/api/pdl</c> (each route names its path under <c>/api</c>): the caller's usage points (PDLs); another user's PDL is "not found".</summary>
public sealed class PdlsGroup : Group
{
    public PdlsGroup() => Configure("/api", endpoint =>
    {
        endpoint.Description(builder => builder.WithTags("PDL").WithErrorResponses());
    });
}

/// <summary>A route about one of the caller's PDLs, by its id.</summary>
public class PdlRequest
{
    public Guid Id { get; init; }
}
