using Microsoft.Extensions.Options;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using MyElectricalData.Enedis.Generated.Customers;
using MyElectricalData.Enedis.Generated.Metering;
using MyElectricalData.Enedis.Generated.Token;
using MyElectricalData.Enedis.Token;

namespace MyElectricalData.Enedis;

/// <summary>
/// The generated clients: the data families over the "enedis" HttpClient (token, budget, resilience in its handlers),
/// the token API over its own (outside the data budget).
/// </summary>
internal sealed class EnedisClients(IHttpClientFactory httpClients, IOptions<EnedisOptions> options)
{
    public const string HttpClientName = "enedis";

    /// <summary>The token endpoint for single-use consent codes: never retried, since a retried exchange would find its code spent.</summary>
    public const string ConsentCodeHttpClientName = "enedis-consent-code";

    public EnedisMeteringClient Metering() => new(Adapter());

    public EnedisCustomersClient Customers() => new(Adapter());

    public EnedisTokenClient Token() => new(Adapter(httpClients.CreateClient(EnedisTokenProvider.HttpClientName), options.Value));

    public EnedisTokenClient ConsentCodeToken() => new(Adapter(httpClients.CreateClient(ConsentCodeHttpClientName), options.Value));

    /// <summary>A Kiota adapter over <paramref name="http"/> for the configured Enedis root.</summary>
    internal static HttpClientRequestAdapter Adapter(HttpClient http, EnedisOptions settings) =>
        new(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = settings.BaseUrl.ToString().TrimEnd('/'),
        };

    private HttpClientRequestAdapter Adapter() => Adapter(httpClients.CreateClient(HttpClientName), options.Value);
}
