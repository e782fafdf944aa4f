using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace MyElectricalData.Tests.EnedisSandbox;

public sealed class ConsentTests : IAsyncLifetime
{
    private const string Authorize = "/dataconnect/v1/oauth2/authorize";
    private const string Decision = "/dataconnect/v1/oauth2/authorize/decision";
    private const string Callback = "http://localhost:8000/api/oauth/callback";

    private SandboxHost _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHost.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task TheConsentPageListsTheUsagePointsAndOffersToAcceptOrRefuse()
    {
        using var response = await _sandbox.Client.GetAsync($"{Authorize}?client_id=sandbox-client&duration=P36M&response_type=code&state=s1&redirect_uri={Uri.EscapeDataString(Callback)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<html lang=\"fr\">");
        html.ShouldContain(SandboxHost.ProducerId);
        html.ShouldContain(SandboxHost.ConsumerOnlyId);
        html.ShouldContain("36 mois");
        html.ShouldContain(">Accepter</button>");
        html.ShouldContain(">Refuser</button>");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<link");
    }

    [Fact]
    public async Task AcceptingRedirectsWithACodeTheStateAndTheUsagePointsJoinedBySemicolons()
    {
        using var response = await Decide("accept", state: "xyz-42");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).ShouldBe(Callback);
        var query = QueryHelpers.ParseQuery(location.Query);
        query["code"].ToString().ShouldNotBeNullOrWhiteSpace();
        query["state"].ToString().ShouldBe("xyz-42");
        query["usage_point_id"].ToString().ShouldBe($"{SandboxHost.ProducerId};{SandboxHost.ConsumerOnlyId}");
        query.ContainsKey("error").ShouldBeFalse();
    }

    [Fact]
    public async Task RefusingRedirectsWithAccessDeniedAndTheState()
    {
        using var response = await Decide("refuse", state: "xyz-43");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        query["error"].ToString().ShouldBe("access_denied");
        query["state"].ToString().ShouldBe("xyz-43");
        query.ContainsKey("code").ShouldBeFalse();
        query.ContainsKey("usage_point_id").ShouldBeFalse();
    }

    [Fact]
    public async Task AcceptingAChosenUsagePointGivesAccessToItsData()
    {
        const string newcomer = "22222222222221";
        var before = await _sandbox.GetJsonAsync($"/customers_i/v5/identity?usage_point_id={newcomer}", 403);
        before.Text("error").ShouldBe("ADAM-DC-0008");

        using var response = await Decide("accept", state: "s", usagePoints: newcomer);

        QueryHelpers.ParseQuery(response.Headers.Location!.Query)["usage_point_id"].ToString().ShouldBe(newcomer);
        await _sandbox.GetJsonAsync($"/customers_i/v5/identity?usage_point_id={newcomer}");
    }

    [Fact]
    public async Task RefusingGrantsNoAccess()
    {
        const string newcomer = "22222222222223";

        using var response = await Decide("refuse", state: "s", usagePoints: newcomer);

        await _sandbox.GetJsonAsync($"/customers_i/v5/identity?usage_point_id={newcomer}", 403);
    }

    [Fact]
    public async Task WithoutRedirectUriTheConfiguredOneIsUsed()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RedirectUri"] = "https://gateway.example/callback" });

        using var response = await sandbox.Client.GetAsync($"{Decision}?client_id=sandbox-client&duration=P1Y&response_type=code&state=s&decision=accept");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.GetLeftPart(UriPartial.Path).ShouldBe("https://gateway.example/callback");
    }

    [Theory]
    [InlineData("duration=P36M&response_type=code", "client_id")]
    [InlineData("client_id=sandbox-client&duration=P36M", "Response type")]
    [InlineData("client_id=sandbox-client&duration=P36M&response_type=token", "Response type")]
    [InlineData("client_id=sandbox-client&response_type=code", "Duration")]
    [InlineData("client_id=sandbox-client&duration=36M&response_type=code", "Duration")]
    [InlineData("client_id=sandbox-client&duration=P37M&response_type=code", "3 years")]
    [InlineData("client_id=sandbox-client&duration=P3Y1D&response_type=code", "3 years")]
    [InlineData("client_id=sandbox-client&duration=P99999999999Y&response_type=code", "3 years")]
    [InlineData("client_id=sandbox-client&duration=P1Y&response_type=code&usage_points=123", "usage_points")]
    public async Task AnInvalidAuthorizeRequestIsABadRequest(string query, string description)
    {
        using var response = await _sandbox.Client.GetAsync($"{Authorize}?{query}&redirect_uri={Uri.EscapeDataString(Callback)}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.Text("error").ShouldBe("invalid_request");
        json.RootElement.Text("error_description").ShouldContain(description);
    }

    [Fact]
    public async Task AnAuthorizeRequestWithNoRedirectUriAnywhereIsABadRequest()
    {
        using var response = await _sandbox.Client.GetAsync($"{Authorize}?client_id=sandbox-client&duration=P1Y&response_type=code");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnUnknownClientIsABadRequest()
    {
        using var response = await _sandbox.Client.GetAsync($"{Authorize}?client_id=someone-else&duration=P1Y&response_type=code&redirect_uri={Uri.EscapeDataString(Callback)}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("P36M")]
    [InlineData("P3Y")]
    [InlineData("P1Y4M")]
    [InlineData("P1095D")]
    public async Task DurationsUpToThreeYearsAreAccepted(string duration)
    {
        using var response = await _sandbox.Client.GetAsync($"{Authorize}?client_id=sandbox-client&duration={duration}&response_type=code&redirect_uri={Uri.EscapeDataString(Callback)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ARevokedConsentMakesDataCallsForbidden()
    {
        await _sandbox.GetJsonAsync($"/customers_i/v5/identity?usage_point_id={SandboxHost.ProducerId}");

        (await _sandbox.Client.DeleteAsync($"/_sandbox/consents/{SandboxHost.ProducerId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await _sandbox.GetJsonAsync($"/customers_i/v5/identity?usage_point_id={SandboxHost.ProducerId}", 403)).Text("error").ShouldBe("ADAM-DC-0008");
    }

    private Task<HttpResponseMessage> Decide(string decision, string state, string? usagePoints = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["client_id"] = "sandbox-client",
            ["response_type"] = "code",
            ["duration"] = "P36M",
            ["state"] = state,
            ["redirect_uri"] = Callback,
            ["decision"] = decision,
        };
        if (usagePoints is not null)
        {
            fields["usage_points"] = usagePoints;
        }

        return _sandbox.Client.PostAsync(Decision, new FormUrlEncodedContent(fields));
    }
}
