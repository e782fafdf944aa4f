using System.Net;
using System.Net.Http.Headers;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Web;

/// <summary>The pages live beside the API without changing what /api, /docs, /openapi and /health answer.</summary>
[Collection(AppHostCollection.Name)]
public sealed class WebPagesRoutingTests(AppHostFixture fixture)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/signup")]
    [InlineData("/login")]
    public async Task PublicPagesAreFrenchHtmlWithAStrictContentSecurityPolicy(string path)
    {
        using var client = fixture.CreateHttpClient("api");

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<html lang=\"fr\">");
        html.ShouldNotContain("{{");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'self'");
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/credentials")]
    [InlineData("/pdl/0199a0a0-0000-7000-8000-000000000000")]
    public async Task PrivatePagesSendLoggedOutVisitorsToTheLoginPage(string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.GetEndpoint("api") };

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/login?next=" + Uri.EscapeDataString(path));
    }

    [Fact]
    public async Task PrivatePagesAreServedWithTheSessionCookie()
    {
        var user = await fixture.SignUpAsync();
        using var client = await fixture.LoggedInClientAsync(user.Email, user.Password);

        using var response = await client.GetAsync("/dashboard");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Consentement Enedis");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task TheLandingPageHasNoConsentButton()
    {
        using var client = fixture.CreateHttpClient("api");

        var html = await client.GetStringAsync("/");

        html.ShouldNotContain("Consentement Enedis");
        html.ShouldContain("href=\"/docs\"");
    }

    [Fact]
    public async Task UnknownApiRoutesKeepTheirJsonEnvelopeEvenForABrowser()
    {
        using var client = fixture.CreateHttpClient("api");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/does-not-exist");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await client.SendAsync(request);

        await response.ShouldFailWithAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task AMistypedPageAddressGetsAFrenchNotFoundPage()
    {
        using var client = fixture.CreateHttpClient("api");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tableau-de-bord");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldContain("Page introuvable");
    }

    [Theory]
    [InlineData("/health", "application/json")]
    [InlineData("/openapi/v1.json", "application/json")]
    [InlineData("/docs/index.html", "text/html")]
    [InlineData("/assets/app.css", "text/css")]
    [InlineData("/assets/js/pages/dashboard.js", "text/javascript")]
    public async Task DocumentationHealthAndAssetsAreStillServed(string path, string mediaType)
    {
        using var client = fixture.CreateHttpClient("api");

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(mediaType);
    }

    [Fact]
    public async Task PagesAreNotPartOfTheOpenApiDocument()
    {
        using var client = fixture.CreateHttpClient("api");

        var document = await client.GetStringAsync("/openapi/v1.json");

        document.ShouldNotContain("\"/dashboard\"");
        document.ShouldNotContain("\"/\":");
    }

    [Fact]
    public async Task PageFragmentsCannotBeFetchedAroundTheSessionCheck()
    {
        using var client = fixture.CreateHttpClient("api");

        using var response = await client.GetAsync("/pages/dashboard.html");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
