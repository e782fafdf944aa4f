using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MyElectricalData.Tests.Harness;
using static Microsoft.Playwright.Assertions;

namespace MyElectricalData.Tests.Web;

/// <summary>
/// The part of the journey that goes through Enedis: the consent round trip on the sandbox's page and the
/// charts drawn from the data path (/api/oauth/* and /api/enedis/*).
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class JourneyWithEnedisTests(AppHostFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Fact]
    public async Task ConsentAcceptedOnTheSandboxComesBackWithBravoAndThePdls()
    {
        var user = await fixture.SignUpAsync();
        var page = await chromium.NewPageAsync(fixture);
        await page.LogInAsync(user);
        string[] usagePoints = [GatewayClient.UniqueUsagePointId(), GatewayClient.UniqueUsagePointId()];

        await ConsentOnTheSandboxAsync(page, usagePoints, "Accepter");

        await Expect(page.Locator("#consent-banner")).ToContainTextAsync("Bravo ! 2 points de livraison détectés (2 nouveaux).");
        foreach (var usagePoint in usagePoints)
        {
            await Expect(page.Locator("#pdl-list")).ToContainTextAsync(usagePoint);
        }
    }

    [Fact]
    public async Task ConsentRefusedOnTheSandboxComesBackWithAClearErrorBanner()
    {
        var user = await fixture.SignUpAsync();
        var page = await chromium.NewPageAsync(fixture);
        await page.LogInAsync(user);

        await ConsentOnTheSandboxAsync(page, [GatewayClient.UniqueUsagePointId()], "Refuser");

        await Expect(page.Locator("#consent-banner .banner--error")).ToContainTextAsync("Vous avez refusé le partage de vos données");
        await Expect(page.GetByText("Aucun point de livraison pour l'instant.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ThePdlPageChartsTheSandboxDataWithOneBarPerDayAndOnePointPerHalfHour()
    {
        var user = await fixture.SignUpAsync();
        var page = await chromium.NewPageAsync(fixture);
        await page.LogInAsync(user);
        var usagePoint = GatewayClient.UniqueUsagePointId();
        await ConsentOnTheSandboxAsync(page, [usagePoint], "Accepter");
        await Expect(page.Locator("#consent-banner")).ToContainTextAsync("Bravo ! 1 points de livraison détectés (1 nouveaux).");

        // Seven days up to yesterday (Enedis' last published day), and a load-curve day of 48 half-hours (no DST change).
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime);
        var end = today.AddDays(-1);
        var start = end.AddDays(-6);
        var day = end.AddDays(-1);
        while (HoursIn(day) != 24)
        {
            day = day.AddDays(-1);
        }
        var view = page.Locator("#pdl-list .pdl", new() { HasText = usagePoint }).GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Voir les données") });
        var href = await view.GetAttributeAsync("href");
        await page.GotoAsync($"{href}?start={start:yyyy-MM-dd}&end={end:yyyy-MM-dd}&jour={day:yyyy-MM-dd}");

        await Expect(page.Locator("#daily-chart rect.bar--consumption")).ToHaveCountAsync(7);
        await Expect(page.Locator("#daily-caption")).ToContainTextAsync($"au {end:dd/MM/yyyy}");
        await Expect(page.Locator("#curve-chart circle.point")).ToHaveCountAsync(48);
        await Expect(page.Locator("#daily-status .banner--error")).ToHaveCountAsync(0);
        await page.SaveScreenshotsAsync("chart-sandbox");
    }

    /// <summary>
    /// Clicks "Consentement Enedis", answers the sandbox's consent page and follows the way back to the dashboard.
    /// The sandbox would otherwise offer the demo account's usage points, which belong to the demo account.
    /// </summary>
    private async Task ConsentOnTheSandboxAsync(IPage page, string[] usagePoints, string decision)
    {
        await page.RouteAsync(url => IsAuthorizeUrl(url), async route =>
        {
            var url = route.Request.Url;
            await route.ContinueAsync(url.Contains("usage_points=", StringComparison.Ordinal) ? null
                : new RouteContinueOptions { Url = $"{url}&usage_points={Uri.EscapeDataString(string.Join(';', usagePoints))}" });
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Consentement Enedis" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Autorisez-vous le partage de vos données ?" })).ToBeVisibleAsync();
        foreach (var usagePoint in usagePoints)
        {
            await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(usagePoint);
        }

        var backOnTheDashboard = page.WaitForRequestAsync(request => request.IsNavigationRequest
            && request.Url.Contains("/dashboard?", StringComparison.Ordinal)
            && (request.Url.Contains("consent_success=", StringComparison.Ordinal) || request.Url.Contains("consent_error=", StringComparison.Ordinal)));
        await page.GetByRole(AriaRole.Button, new() { Name = decision }).ClickAsync();
        var request = await backOnTheDashboard;

        // The callback redirects to FRONTEND_URL; a test topology's API may listen elsewhere. The query is what counts.
        var api = fixture.App.GetEndpoint("api");
        var landed = new Uri(request.Url);
        if (landed.Authority != api.Authority)
        {
            await page.GotoAsync(landed.PathAndQuery);
        }
        await page.WaitForURLAsync(url => new Uri(url).Authority == api.Authority && new Uri(url).AbsolutePath == "/dashboard");
    }

    private static bool IsAuthorizeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath.EndsWith("/oauth2/authorize", StringComparison.Ordinal) && uri.Query.Length > 1;

    private static double HoursIn(DateOnly day)
    {
        var start = day.ToDateTime(TimeOnly.MinValue);
        return (TimeZoneInfo.ConvertTimeToUtc(start.AddDays(1), Paris) - TimeZoneInfo.ConvertTimeToUtc(start, Paris)).TotalHours;
    }
}
