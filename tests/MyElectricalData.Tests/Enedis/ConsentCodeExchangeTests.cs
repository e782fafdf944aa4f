using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using MyElectricalData.Enedis.Consents;
using MyElectricalData.Enedis.Errors;

namespace MyElectricalData.Tests.Enedis;

/// <summary>A consent's code, from the sandbox's consent decision, exchanged by the provider at the token endpoint.</summary>
[Collection(EnedisProviderCollection.Name)]
public sealed class ConsentCodeExchangeTests(EnedisProviderFixture fixture) : IAsyncLifetime
{
    private const string Callback = "http://localhost:8000/api/oauth/callback";

    // The browser's side of the consent: the redirect is read, not followed.
    private readonly HttpClient _browser = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.SandboxUrl };

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync()
    {
        _browser.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ACodeFromAnAcceptedConsentExchangesForItsUsagePoints()
    {
        var consents = fixture.CreateProvider().GetRequiredService<IEnedisConsents>();
        var code = await AcceptAsync("33333333333331;33333333333332");

        var usagePoints = await consents.ExchangeCodeAsync(code, Callback, CancellationToken.None);

        usagePoints.ShouldBe(["33333333333331", "33333333333332"]);
        consents.CodeExchangeEnabled.ShouldBeTrue();
    }

    [Fact]
    public async Task ACodeExchangedTwiceIsAnInvalidConsentCode()
    {
        var consents = fixture.CreateProvider().GetRequiredService<IEnedisConsents>();
        var code = await AcceptAsync("33333333333333");
        await consents.ExchangeCodeAsync(code, Callback, CancellationToken.None);

        var error = await Should.ThrowAsync<EnedisException>(() => consents.ExchangeCodeAsync(code, Callback, CancellationToken.None));

        error.Kind.ShouldBe(EnedisErrorKind.InvalidConsentCode);
        error.Code.ShouldBe("invalid_grant");
        error.Status.ShouldBe(400);
    }

    [Fact]
    public async Task ACodeWithAnotherRedirectUriIsAnInvalidConsentCodeAndSpent()
    {
        var consents = fixture.CreateProvider().GetRequiredService<IEnedisConsents>();
        var code = await AcceptAsync("33333333333334");

        var error = await Should.ThrowAsync<EnedisException>(() => consents.ExchangeCodeAsync(code, "https://attacker.example/callback", CancellationToken.None));

        error.Kind.ShouldBe(EnedisErrorKind.InvalidConsentCode);
        error.Code.ShouldBe("invalid_grant");
        (await Should.ThrowAsync<EnedisException>(() => consents.ExchangeCodeAsync(code, Callback, CancellationToken.None)))
            .Kind.ShouldBe(EnedisErrorKind.InvalidConsentCode);
    }

    [Fact]
    public async Task AForgedCodeIsAnInvalidConsentCode()
    {
        var consents = fixture.CreateProvider().GetRequiredService<IEnedisConsents>();

        var error = await Should.ThrowAsync<EnedisException>(() => consents.ExchangeCodeAsync("forged-by-anyone", Callback, CancellationToken.None));

        error.Kind.ShouldBe(EnedisErrorKind.InvalidConsentCode);
        error.Message.ShouldNotContain("forged-by-anyone");
    }

    [Fact]
    public async Task AnUnreachableTokenEndpointIsUnavailable()
    {
        // A port nothing listens on: the connection is refused.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var consents = fixture.CreateProvider(new Uri($"http://127.0.0.1:{port}")).GetRequiredService<IEnedisConsents>();

        var error = await Should.ThrowAsync<EnedisException>(() => consents.ExchangeCodeAsync("any-code", Callback, CancellationToken.None));

        error.Kind.ShouldBe(EnedisErrorKind.Unavailable);
    }

    [Fact]
    public async Task AnExchangeThatFailsIsNeverSentAgain()
    {
        // A 503 the standard handler of the service defaults would retry (Retry-After 0): the consent-code client has
        // taken it off for its timeout-only pipeline, so the single-use code goes out once.
        await using var token = await ServiceDefaults.RecordingServer.StartAsync((_, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "0";
            return Task.CompletedTask;
        });
        var consents = fixture.CreateProvider(token.BaseAddress).GetRequiredService<IEnedisConsents>();

        var error = await Should.ThrowAsync<EnedisException>(() => consents.ExchangeCodeAsync("any-code", Callback, CancellationToken.None));

        error.Kind.ShouldBe(EnedisErrorKind.Unavailable);
        token.Hits.ShouldBe(1);
    }

    [Fact]
    public async Task WhereTheExchangeIsOffItIsNeverAttempted()
    {
        var consents = fixture.CreateProvider(settings: new Dictionary<string, string?> { ["ENEDIS_CONSENT_CODE_EXCHANGE"] = "false" })
            .GetRequiredService<IEnedisConsents>();

        consents.CodeExchangeEnabled.ShouldBeFalse();
        await Should.ThrowAsync<InvalidOperationException>(() => consents.ExchangeCodeAsync("any-code", Callback, CancellationToken.None));
    }

    private async Task<string> AcceptAsync(string usagePoints)
    {
        var query = $"client_id=sandbox-client&response_type=code&duration=P36M&state=s&decision=accept&usage_points={usagePoints}&redirect_uri={Uri.EscapeDataString(Callback)}";
        using var response = await _browser.GetAsync($"/dataconnect/v1/oauth2/authorize/decision?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return QueryHelpers.ParseQuery(response.Headers.Location!.Query)["code"].ToString();
    }
}
