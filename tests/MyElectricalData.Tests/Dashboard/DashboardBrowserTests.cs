using Microsoft.Playwright;

namespace MyElectricalData.Tests.Dashboard;

/// <summary>A developer's path through the dashboard in a real browser (Debian's Chromium, driven by Playwright).</summary>
[Collection(DashboardTopologyCollection.Name)]
public sealed class DashboardBrowserTests(DashboardTopologyFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task TheTraceOfAnApiRequestIsFoundInTheDashboardAndItsWaterfallIsDrawn()
    {
        await fixture.SignUpAndReadAccountAsync();
        await fixture.ReadContractAsync();
        var screenshots = Directory.CreateDirectory(Path.Combine(RepositoryRoot(), "artifacts", "screenshots")).FullName;
        File.Exists(Chromium).ShouldBeTrue($"{Chromium} is missing: eng/prerequisites.sh installs it (apt-get install -y chromium).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            ColorScheme = ColorScheme.Dark,
        });
        page.SetDefaultTimeout(30_000);

        await page.GotoAsync(fixture.App.Dashboard!.LoginUrl.ToString());
        var apiState = page.Locator("tr[data-resource='api'] [data-field='state']");
        await apiState.WaitForAsync();
        (await apiState.InnerTextAsync()).ShouldBe("Healthy");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "dashboard-resources.png"), FullPage = true });

        await page.ClickAsync("nav a[data-view='traces']");
        await page.Locator("#traces-resource option[value='api']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#traces-resource", "api");
        await page.FillAsync("#traces-q", "/api/accounts/me");
        // Live updates bring the trace in once the API's exporter has sent it (about a second).
        var row = page.Locator("tr.trace-row", new PageLocatorOptions { HasText = "GET /api/accounts/me" }).First;
        await row.WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "dashboard-traces.png"), FullPage = true });

        await row.ClickAsync();
        var spanRows = page.Locator("#waterfall-table tr.span-row");
        await spanRows.First.WaitForAsync();
        (await spanRows.CountAsync()).ShouldBeGreaterThanOrEqualTo(2, "the API's server span and its database calls");
        (await page.Locator("#waterfall-table .service-tag").AllInnerTextsAsync()).ShouldAllBe(s => s == "api");
        (await page.Locator("#waterfall-table .bar").CountAsync()).ShouldBe(await spanRows.CountAsync());
        await spanRows.Last.ClickAsync();
        await page.Locator("#span-attributes").WaitForAsync();
        (await page.Locator("#span-attributes").InnerTextAsync()).ShouldContain("parent span id");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "dashboard-trace-waterfall.png"), FullPage = true });

        // A data request: its trace crosses from the API to the Enedis sandbox.
        await page.ClickAsync("nav a[data-view='traces']");
        await page.FillAsync("#traces-q", "/api/enedis/contract");
        var dataRow = page.Locator("tr.trace-row", new PageLocatorOptions { HasText = "/api/enedis/contract" }).First;
        await dataRow.WaitForAsync();
        await dataRow.ClickAsync();
        await page.Locator("#waterfall-table .service-tag", new PageLocatorOptions { HasText = "enedis-sandbox" }).First.WaitForAsync();
        (await page.Locator("#waterfall-table .service-tag").AllInnerTextsAsync()).ShouldContain("api");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "dashboard-trace-enedis.png"), FullPage = true });

        await page.ClickAsync("nav a[data-view='metrics']");
        await page.Locator("#chart-rate").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "dashboard-metrics.png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (directory.EnumerateFiles("*.sln").Any())
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("No solution file above " + AppContext.BaseDirectory);
    }
}
