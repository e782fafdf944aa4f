using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using MyElectricalData.Enedis.Generated.Metering;
using MyElectricalData.Enedis.Generated.Token;

namespace MyElectricalData.Tests.Enedis;

// Smoke tests of the Kiota output: the requests are only built, never sent.
public sealed class GeneratedClientsTests : IDisposable
{
    private const string Sandbox = "https://gw.ext.prod-sandbox.api.enedis.fr";

    private readonly HttpClient _http = new();
    private readonly HttpClientRequestAdapter _adapter;

    public GeneratedClientsTests() => _adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: _http);

    public void Dispose() => _http.Dispose();

    [Fact]
    public void DailyConsumptionRequestCarriesTheUsagePointAndTheRangeInItsQuery()
    {
        var client = new EnedisMeteringClient(_adapter);

        var request = client.Metering_data_dc.V5.Daily_consumption.ToGetRequestInformation(config =>
        {
            config.QueryParameters.UsagePointId = "16401220101758";
            config.QueryParameters.Start = "2024-01-01";
            config.QueryParameters.End = "2024-01-08";
        });

        request.HttpMethod.ShouldBe(Microsoft.Kiota.Abstractions.Method.GET);
        request.UrlTemplate.ShouldBe("{+baseurl}/metering_data_dc/v5/daily_consumption?end={end}&start={start}&usage_point_id={usage_point_id}{&person_id*}");
        request.URI.ShouldBe(new Uri($"{Sandbox}/metering_data_dc/v5/daily_consumption?end=2024-01-08&start=2024-01-01&usage_point_id=16401220101758"));
        request.Headers["Accept"].ShouldBe(["application/json"]);
    }

    [Fact]
    public void ProductionRequestsUseTheProductionPathsNotTheConsumptionOnesOfThePublishedFiles()
    {
        var client = new EnedisMeteringClient(_adapter);

        client.Metering_data_dp.V5.Daily_production.ToGetRequestInformation().UrlTemplate
            .ShouldStartWith("{+baseurl}/metering_data_dp/v5/daily_production?");
        client.Metering_data_plc.V5.Production_load_curve.ToGetRequestInformation().UrlTemplate
            .ShouldStartWith("{+baseurl}/metering_data_plc/v5/production_load_curve?");
    }

    [Fact]
    public void TokenRequestIsAFormPostToTheSingleOauthPrefix()
    {
        var client = new EnedisTokenClient(_adapter);

        var request = client.Oauth2.V3.Token.ToPostRequestInformation(new()
        {
            GrantType = MyElectricalData.Enedis.Generated.Token.Oauth2.V3.Token.TokenPostRequestBody_grant_type.Client_credentials,
            ClientId = "id",
            ClientSecret = "secret",
        });

        request.HttpMethod.ShouldBe(Microsoft.Kiota.Abstractions.Method.POST);
        request.URI.ShouldBe(new Uri($"{Sandbox}/oauth2/v3/token"));
        request.Headers["Content-Type"].ShouldBe(["application/x-www-form-urlencoded"]);
        using var body = new StreamReader(request.Content);
        body.ReadToEnd().ShouldBe("client_id=id&client_secret=secret&grant_type=client_credentials");
    }
}
