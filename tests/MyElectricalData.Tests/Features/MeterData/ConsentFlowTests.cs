using System.Net;
using System.Web;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.MeterData;

/// <summary>Every way the consent callback can fail ends on the dashboard with its code (SPEC §4).</summary>
[Collection(AppHostCollection.Name)]
public sealed class ConsentFlowTests(AppHostFixture fixture)
{
    [Fact]
    public async Task AnUnknownStateIsInvalid() =>
        (await CallbackAsync("code=x&state=forged.state-value&usage_point_id=12345678901234")).ShouldBe("invalid_state");

    [Fact]
    public async Task AStateCanOnlyBeUsedOnce()
    {
        var client = fixture.ClientFor(await fixture.SignUpAsync());
        var callback = await client.ConsentCallbackAsync(GatewayClient.UniqueUsagePointId());

        var first = await CallbackAsync(callback.Query.TrimStart('?'));
        var second = await CallbackAsync(callback.Query.TrimStart('?'));

        first.ShouldBe("success");
        second.ShouldBe("invalid_state");
    }

    [Fact]
    public async Task ATamperedStateIsInvalid()
    {
        var (_, state) = await StateAsync();

        (await CallbackAsync($"code=x&state={state[..^2]}xx&usage_point_id={GatewayClient.UniqueUsagePointId()}")).ShouldBe("invalid_state");
    }

    [Fact]
    public async Task RefusingOnEnedisIsAccessDenied()
    {
        var (_, state) = await StateAsync();

        (await CallbackAsync($"error=access_denied&state={state}")).ShouldBe("access_denied");
    }

    [Fact]
    public async Task NoUsagePointIsReported()
    {
        var (_, state) = await StateAsync();

        (await CallbackAsync($"code=x&state={state}")).ShouldBe("no_usage_point_id");
    }

    [Fact]
    public async Task AMalformedUsagePointIsReported()
    {
        var (_, state) = await StateAsync();

        (await CallbackAsync($"code=x&state={state}&usage_point_id=1234;56789012345678")).ShouldBe("invalid_pdl_format");
    }

    [Fact]
    public async Task AUsagePointOfAnotherAccountWithAForgedCodeIsRefusedNotStolen()
    {
        var (_, _, owned, _) = await fixture.UserWithMeterAsync();
        var (client, state) = await StateAsync();

        var result = await CallbackAsync($"code=x&state={state}&usage_point_id={owned}");
        var pdls = await (await client.GetAsync("/api/pdl")).DataAsync();

        result.ShouldBe("invalid_code");
        pdls.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task UsagePointsOtherThanTheCodesAreRefused()
    {
        var client = fixture.ClientFor(await fixture.SignUpAsync());
        var callback = await client.ConsentCallbackAsync(GatewayClient.UniqueUsagePointId());
        var query = HttpUtility.ParseQueryString(callback.Query);

        var result = await CallbackAsync($"code={query["code"]}&state={query["state"]}&usage_point_id={GatewayClient.UniqueUsagePointId()}");
        var pdls = await (await client.GetAsync("/api/pdl")).DataAsync();

        result.ShouldBe("invalid_code");
        pdls.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task VerifyStateDoesNotConsumeIt()
    {
        var client = fixture.ClientFor(await fixture.SignUpAsync());
        var callback = await client.ConsentCallbackAsync(GatewayClient.UniqueUsagePointId());
        var state = HttpUtility.ParseQueryString(callback.Query)["state"]!;

        var valid = await (await client.GetAsync($"/api/oauth/verify-state?state={Uri.EscapeDataString(state)}")).DataAsync();
        var result = await CallbackAsync(callback.Query.TrimStart('?'));

        valid.GetProperty("valid").GetBoolean().ShouldBeTrue();
        result.ShouldBe("success");
    }

    private async Task<(HttpClient Client, string State)> StateAsync()
    {
        var client = fixture.ClientFor(await fixture.SignUpAsync());
        var url = (await (await client.GetAsync("/api/oauth/authorize")).DataAsync()).GetProperty("authorize_url").GetString()!;
        return (client, HttpUtility.ParseQueryString(new Uri(url).Query)["state"]!);
    }

    /// <summary>"success" or the consent_error code the callback redirected with.</summary>
    private async Task<string> CallbackAsync(string query)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.GetEndpoint("api") };
        using var response = await browser.GetAsync($"/api/oauth/callback?{query.Replace("+", "%2B", StringComparison.Ordinal)}");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        location.AbsolutePath.ShouldBe("/dashboard");
        var parameters = HttpUtility.ParseQueryString(location.Query);
        return parameters["consent_success"] == "true" ? "success" : parameters["consent_error"] ?? "no result";
    }
}
