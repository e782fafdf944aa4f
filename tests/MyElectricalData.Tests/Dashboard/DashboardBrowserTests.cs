using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MyElectricalData.Tests.Web;

namespace MyElectricalData.Tests.Dashboard;

/// <summary>What a developer does after <c>./run.sh</c>: open the dashboard's login URL in a browser and find the resources.</summary>
[Collection(DashboardTopologyCollection.Name)]
public sealed class DashboardBrowserTests(DashboardTopologyFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task TheLoginUrlOpensTheResourcesPageWithTheServicesAndServers()
    {
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var login = await fixture.Topology.App.GetDashboardUrlAsync() ?? throw new InvalidOperationException("The dashboard is off.");

        await page.GotoAsync(login.ToString());

        // The one-time token is swapped for a cookie and the browser lands on the resources page.
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/login"), new() { Timeout = 30_000 });
        foreach (var resource in new[] { "api", "postgres", "redis", "enedis-sandbox" })
        {
            await Assertions.Expect(page.GetByText(resource, new() { Exact = true }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        await page.SaveScreenshotsAsync("aspire-dashboard-resources");
    }
}
