using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyElectricalData.EnedisSandbox;

namespace MyElectricalData.Tests.EnedisSandbox;

/// <summary>The sandbox started over real HTTP on a free loopback port, with a controllable clock.</summary>
internal sealed class SandboxHost : IAsyncDisposable
{
    /// <summary>"Today" for most tests: a Saturday in winter, 10:00 in Paris.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2025, 3, 15, 10, 0, 0, TimeSpan.FromHours(1));

    public const string ProducerId = "12345678901234";
    public const string ConsumerOnlyId = "98765432109876";
    public const string NoDataId = "00000000000000";

    private readonly WebApplication _app;
    private string? _token;

    private SandboxHost(WebApplication app, TestClock clock, Uri address)
    {
        _app = app;
        Clock = clock;
        Address = address;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
    }

    public TestClock Clock { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    /// <summary>Starts a sandbox. Quotas are lifted unless the settings say otherwise, so tests do not trip them by accident.</summary>
    public static async Task<SandboxHost> StartAsync(
        IDictionary<string, string?>? settings = null, DateTimeOffset? now = null, bool frozenClock = false)
    {
        var clock = new TestClock(now ?? DefaultNow, frozenClock);
        var configuration = new Dictionary<string, string?> { ["Sandbox:RatePerSecond"] = "1000" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var app = SandboxApp.Create([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Services.AddSingleton<TimeProvider>(clock);
        });
        await app.StartAsync();
        return new SandboxHost(app, clock, new Uri(app.Urls.Single()));
    }

    public async Task<string> TokenAsync()
    {
        if (_token is null)
        {
            using var response = await Client.PostAsync("/oauth2/v3/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = "sandbox-client",
                ["client_secret"] = "sandbox-secret",
            }));
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            _token = json.RootElement.GetProperty("access_token").GetString();
        }

        return _token!;
    }

    /// <summary>GET on a data endpoint with a valid token.</summary>
    public async Task<HttpResponseMessage> GetDataAsync(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        return await Client.SendAsync(request);
    }

    /// <summary>GET on a data endpoint; asserts the status and returns the parsed body.</summary>
    public async Task<JsonElement> GetJsonAsync(string pathAndQuery, int expectedStatus = 200)
    {
        using var response = await GetDataAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(expectedStatus, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal static class JsonAssertions
{
    /// <summary>The object's keys, in order, so a test can compare them with the published example.</summary>
    public static string[] Keys(this JsonElement element) => [.. element.EnumerateObject().Select(property => property.Name)];

    public static string Text(this JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new ShouldAssertException($"{name} is null");
}
