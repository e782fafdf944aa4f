using FastEndpoints;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Consent;

/// <summary>
/// <c>/api/oauth</c>: the consent round trip of SPEC §3/§4. The dashboard asks for Enedis' authorize URL, the user consents
/// on Enedis' page, Enedis sends the browser back to the callback (<see cref="ConsentCallback"/>), and the browser lands on
/// the dashboard with the counts (or an error code). The demo account can neither start nor receive a consent.
/// </summary>
public sealed class ConsentGroup : Group
{
    public ConsentGroup() => Configure("/api/oauth", endpoint =>
    {
        endpoint.Description(builder => builder.WithTags("Consent").WithErrorResponses());
    });
}
