using Microsoft.Extensions.Options;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using MyElectricalData.Enedis.Generated.Customers;
using MyElectricalData.Enedis.Generated.Metering;

namespace MyElectricalData.Enedis;

/// <summary>The generated clients over the "enedis" HttpClient (token, budget, resilience in its handlers).</summary>
internal sealed class EnedisClients(IHttpClientFactory httpClients, IOptions<EnedisOptions> options)
{
    public const string HttpClientName = "enedis";

    public EnedisMeteringClient Metering() => new(Adapter());

    public EnedisCustomersClient Customers() => new(Adapter());

    private HttpClientRequestAdapter Adapter() =>
        new(new AnonymousAuthenticationProvider(), httpClient: httpClients.CreateClient(HttpClientName))
        {
            BaseUrl = options.Value.BaseUrl.ToString().TrimEnd('/'),
        };
}
