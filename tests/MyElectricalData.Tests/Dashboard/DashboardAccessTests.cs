using System.Net;

namespace MyElectricalData.Tests.Dashboard;

/// <summary>Other users of the machine cannot read the dashboard: everything needs the start-up token or its cookie.</summary>
public sealed class DashboardAccessTests
{
    [Theory]
    [InlineData("/api/resources")]
    [InlineData("/api/traces")]
    [InlineData("/api/logs/structured")]
    [InlineData("/api/logs/console/apphost")]
    [InlineData("/api/metrics")]
    [InlineData("/")]
    public async Task RequestsWithoutTheTokenAreRefused(string path)
    {
        await using var host = await DashboardHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = host.Dashboard.Url };

        using var response = await anonymous.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AWrongTokenOrCookieIsRefused()
    {
        await using var host = await DashboardHost.StartAsync();
        var cookies = new CookieContainer();
        cookies.Add(host.Dashboard.Url, new Cookie($"apphost_dashboard_{host.Dashboard.Url.Port}", "guessed"));
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = host.Dashboard.Url };

        using var withCookie = await client.GetAsync("/api/resources");
        using var withToken = await client.GetAsync("/api/resources?t=guessed");

        withCookie.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        withToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TheStartUpUrlExchangesItsTokenForAnHttpOnlyCookie()
    {
        await using var host = await DashboardHost.StartAsync();
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = host.Dashboard.Url };

        using var login = await browser.GetAsync(host.Dashboard.LoginUrl);

        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        login.Headers.Location!.OriginalString.ShouldBe("/");
        login.Headers.GetValues("Set-Cookie").Single().ShouldContain("httponly", Case.Insensitive);
        using var page = await browser.GetAsync("/");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("AppHost dashboard");
        using var resources = await browser.GetAsync("/api/resources");
        resources.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CommandsNeedTheCommandHeaderEvenWithTheCookie()
    {
        await using var host = await DashboardHost.StartAsync();

        using var response = await host.Api.PostAsync("/api/resources/api/restart", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnotherHostNameIsRefusedSoThatDnsRebindingCannotReachTheDashboard()
    {
        await using var host = await DashboardHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        request.Headers.Host = $"attacker.example:{host.Dashboard.Url.Port}";

        using var response = await host.Api.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
