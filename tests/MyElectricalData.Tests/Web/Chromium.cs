using System.Diagnostics;
using Microsoft.Playwright;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Web;

/// <summary>
/// Debian's Chromium driven by Playwright, one browser per test class. Playwright cannot download a browser on
/// these machines, so it launches <c>/usr/bin/chromium</c>, installed with apt when missing (as CI's
/// eng/prerequisites.sh does).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // Nothing the tests do needs the network beyond 127.0.0.1; these keep Chromium from calling home.
    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await EnsureInstalledAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
        // A page answers in well under a second here; the margin is for a loaded CI machine, not a guess at timing.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>A fresh browser context (no cookies) on the API's origin, French and in Paris like the people it serves.</summary>
    public async Task<IPage> NewPageAsync(AppHostFixture fixture, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.App.GetEndpoint("api").ToString().TrimEnd('/'),
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
            ColorScheme = colorScheme,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }

    private static async Task EnsureInstalledAsync()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing. Install it with: sudo apt-get install -y chromium");
        }
        // A machine that never ran apt-get update has no package list yet; try without first, it is faster.
        if (await RunAsync("apt-get", "install -y -qq --no-install-recommends chromium") != 0)
        {
            await RunAsync("apt-get", "update -qq");
            if (await RunAsync("apt-get", "install -y -qq --no-install-recommends chromium") != 0)
            {
                throw new InvalidOperationException("apt-get could not install chromium; install it by hand: apt-get install -y chromium");
            }
        }
    }

    private static async Task<int> RunAsync(string command, string arguments)
    {
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        await Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync(), process.WaitForExitAsync());
        return process.ExitCode;
    }
}

/// <summary>What the browser tests do again and again: log in through the page, save screenshots for reviewers.</summary>
public static class Browsing
{
    public static async Task LogInAsync(this IPage page, TestUser user)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Adresse e-mail").FillAsync(user.Email);
        await page.GetByLabel("Mot de passe").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
    }

    /// <summary>
    /// Saves <c>artifacts/screenshots/{name}-light.png</c> and <c>-dark.png</c> (git-ignored), for a reviewer to
    /// look at; nothing asserts on them.
    /// </summary>
    public static async Task SaveScreenshotsAsync(this IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme });
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(folder, $"{name}-{(scheme == ColorScheme.Dark ? "dark" : "light")}.png"),
                FullPage = true,
            });
        }
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
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
        return Directory.GetCurrentDirectory();
    }
}
