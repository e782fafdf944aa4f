using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MyElectricalData.Enedis;
using MyElectricalData.Tests.Harness;
using StackExchange.Redis;

namespace MyElectricalData.Tests.Features.Security;

/// <summary>The whole topology with its telemetry exported to the AppHost's dashboard, as on a developer's machine.</summary>
public sealed class TelemetryAppHostFixture : AppHostFixture
{
    protected override bool WithDashboard => true;
}

[CollectionDefinition(Name)]
public sealed class TelemetryAppHostCollection : ICollectionFixture<TelemetryAppHostFixture>
{
    public const string Name = "AppHost with telemetry";
}

/// <summary>
/// Every secret an account's life handles, then everything the topology logged or traced: console output of every
/// resource, the structured logs, spans and metric points the dashboard received. None may hold a secret.
/// </summary>
[Collection(TelemetryAppHostCollection.Name)]
public sealed class SecretsInLogsTests(TelemetryAppHostFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task NoSecretOfAnAccountsJourneyReachesAConsoleLineALogRecordOrASpan()
    {
        var secrets = new Dictionary<string, string>();
        var api = fixture.App.GetEndpoint("api");
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = api };

        // Sign up: the password and the client_secret; the verification mail.
        var email = GatewayClient.UniqueEmail("scan");
        var password = $"Scan-Password-{Guid.NewGuid():N}";
        var user = await fixture.SignUpAsync(email, password);
        secrets["password"] = password;
        secrets["client_secret"] = user.ClientSecret;
        secrets["basic credentials"] = user.BasicCredentials;

        // Log in: the session JWT (body and cookie); read the credentials with it.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = api };
        using var login = await browser.PostAsJsonAsync("/api/accounts/login", new { email, password });
        secrets["session JWT"] = (await login.DataAsync()).GetProperty("access_token").GetString()!;
        cookies.GetCookies(api)["access_token"]!.Value.ShouldBe(secrets["session JWT"]);
        var credentials = await (await browser.GetAsync("/api/accounts/credentials")).DataAsync();
        credentials.GetProperty("client_secret").GetString().ShouldBe(user.ClientSecret);

        // The client-credentials grant: a JWT, used as a bearer token; the secret as bearer and over HTTP Basic.
        using var token = await anonymous.PostAsync("/api/accounts/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = user.ClientId,
            ["client_secret"] = user.ClientSecret,
        }));
        secrets["issued JWT"] = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        (await GetMeAsync(new AuthenticationHeaderValue("Bearer", secrets["issued JWT"]))).ShouldBe(HttpStatusCode.OK);
        (await GetMeAsync(new AuthenticationHeaderValue("Basic", user.BasicCredentials))).ShouldBe(HttpStatusCode.OK);
        (await GetMeAsync(new AuthenticationHeaderValue("Bearer", user.ClientSecret))).ShouldBe(HttpStatusCode.OK);

        // Verify the address with the mailed token (a query parameter).
        secrets["verification token"] = await fixture.TokenFromMailAsync("verify-email", email);
        using var verified = await anonymous.GetAsync($"/api/accounts/verify-email?token={secrets["verification token"]}");
        verified.StatusCode.ShouldBe(HttpStatusCode.OK);

        // Consent: the state, and Enedis' code coming back to the callback with it.
        using var owner = fixture.ClientFor(user);
        var authorizeUrl = (await (await owner.GetAsync("/api/oauth/authorize")).DataAsync()).GetProperty("authorize_url").GetString()!
            + "&usage_points=" + GatewayClient.UniqueUsagePointId();
        secrets["consent state"] = HttpUtility.ParseQueryString(new Uri(authorizeUrl).Query)["state"]!;
        (await (await owner.GetAsync($"/api/oauth/verify-state?state={Uri.EscapeDataString(secrets["consent state"])}")).DataAsync())
            .GetProperty("valid").GetBoolean().ShouldBeTrue();
        using var decision = await anonymous.GetAsync(authorizeUrl.Replace("/authorize?", "/authorize/decision?", StringComparison.Ordinal) + "&decision=accept");
        var callback = decision.Headers.Location!;
        secrets["consent code"] = HttpUtility.ParseQueryString(callback.Query)["code"]!;
        using var landing = await anonymous.GetAsync(callback);
        HttpUtility.ParseQueryString(landing.Headers.Location!.Query)["consent_success"].ShouldBe("true");

        // A new secret; the old one is refused, the new one works.
        var regenerated = await (await owner.PostAsync("/api/accounts/regenerate-secret", null)).DataAsync();
        var renewed = user with { ClientSecret = regenerated.GetProperty("client_secret").GetString()! };
        secrets["new client_secret"] = renewed.ClientSecret;
        secrets["new basic credentials"] = renewed.BasicCredentials;
        (await GetMeAsync(new AuthenticationHeaderValue("Bearer", user.ClientSecret))).ShouldBe(HttpStatusCode.Unauthorized);
        (await GetMeAsync(new AuthenticationHeaderValue("Basic", renewed.BasicCredentials))).ShouldBe(HttpStatusCode.OK);

        // Forgotten password: the reset token from the mail, the new password; then a wrong password.
        using var forgot = await anonymous.PostAsJsonAsync("/api/accounts/forgot-password", new { email });
        secrets["reset token"] = await fixture.TokenFromMailAsync("reset-password", email);
        secrets["new password"] = $"Scan-New-Password-{Guid.NewGuid():N}";
        using var reset = await anonymous.PostAsJsonAsync("/api/accounts/reset-password", new { token = secrets["reset token"], new_password = secrets["new password"] });
        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        secrets["wrong password"] = $"Scan-Wrong-Password-{Guid.NewGuid():N}";
        using var wrong = await anonymous.PostAsJsonAsync("/api/accounts/login", new { email, password = secrets["wrong password"] });
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // What the topology itself holds: its keys and passwords, and the Enedis company token the services share.
        foreach (var parameter in fixture.Topology.Builder.Resources.OfType<ParameterResource>())
        {
            secrets[$"parameter {parameter.Name}"] = fixture.Topology.ParameterValue(parameter.Name);
        }
        secrets["dashboard API key"] = fixture.Topology.DashboardApiKey;
        secrets["Enedis client secret"] = "sandbox-secret";
        secrets["Enedis company token"] = await CompanyTokenAsync();

        // The last request: a non-secret marker that the log and the trace must show once telemetry is flushed.
        var marker = GatewayClient.UniqueEmail("scan-marker");
        using var last = await anonymous.PostAsJsonAsync("/api/accounts/signup", new { email = marker, password = GatewayClient.StrongPassword });
        last.StatusCode.ShouldBe(HttpStatusCode.Created);
        var dashboard = await DashboardTelemetry.ConnectAsync(fixture.Topology);
        var markerLog = (await Poll.UntilAsync(() => dashboard.LogsAsync(), logs => logs.Any(l => l.Message.Contains(marker, StringComparison.Ordinal)),
            Deadline, "the structured log of the last request")).First(l => l.Message.Contains(marker, StringComparison.Ordinal));
        await Poll.UntilAsync(() => dashboard.SpansAsync(), spans => spans.Any(s => s.TraceId == markerLog.TraceId && s.Name == "POST /api/accounts/signup"), Deadline,
            "the span of the last request");
        await Poll.UntilAsync(() => ConsoleLines().Any(l => l.Contains(marker, StringComparison.Ordinal)), Deadline, "the console line of the last request");

        // The raw OTLP JSON of each record and span: every attribute, event and status message is scanned. (The dashboard's
        // telemetry API has no metrics route; metric attributes are route templates and status codes.)
        var console = ConsoleLines();
        var records = (await dashboard.LogsAsync()).Select(l => l.Text).ToList();
        var spans = (await dashboard.SpansAsync()).Select(s => s.Text).ToList();
        List<string> everything = [.. console, .. records, .. spans];

        // Not vacuous: the services log little at Information (framework categories at Warning), so the records are
        // fewer than the console lines and spans; the journey's own records are among them.
        console.Count.ShouldBeGreaterThan(50);
        spans.Count.ShouldBeGreaterThan(50);
        records.Count.ShouldBeGreaterThan(20);
        records.ShouldContain(r => r.Contains(email, StringComparison.Ordinal), "the journey's own log records are part of the scan");
        records.ShouldContain(r => r.Contains("Microsoft.", StringComparison.Ordinal) || r.Contains("System.", StringComparison.Ordinal), "framework logs are part of the scan");
        spans.ShouldContain(s => s.Contains("/api/accounts/verify-email"), "the spans of the requests with a secret in their query are part of the scan");
        var leaks = (from secret in secrets
                     from form in new[] { secret.Value, Uri.EscapeDataString(secret.Value), HttpUtility.UrlEncode(secret.Value) }.Distinct()
                     from text in everything
                     where text.Contains(form, StringComparison.Ordinal)
                     select $"{secret.Key}: {text.Replace(form, $"<{secret.Key}>", StringComparison.Ordinal)}").ToList();
        leaks.ShouldBeEmpty($"scanned {console.Count} console lines, {records.Count} log records, {spans.Count} spans");
    }

    private async Task<HttpStatusCode> GetMeAsync(AuthenticationHeaderValue authorization)
    {
        using var client = fixture.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = authorization;
        using var response = await client.GetAsync("/api/accounts/me");
        return response.StatusCode;
    }

    private List<string> ConsoleLines() =>
        [.. fixture.Topology.Logs.All.Select(l => $"console {l.Resource}: {l.Text}")];

    /// <summary>The token the services stored in Redis after calling Enedis, read through the provider they use.</summary>
    private async Task<string> CompanyTokenAsync()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString("redis"));
        (await redis.GetDatabase().KeyExistsAsync("enedis:token")).ShouldBeTrue("the services have fetched the company token");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // What the AppHost gives the services when it runs the sandbox (its Program.cs).
        builder.Configuration["ENEDIS_ENVIRONMENT"] = "simulator";
        builder.Configuration["ENEDIS_CLIENT_ID"] = "sandbox-client";
        builder.Configuration["ENEDIS_CLIENT_SECRET"] = "sandbox-secret";
        builder.Configuration["services:enedis-sandbox:http:0"] = fixture.App.GetEndpoint("enedis-sandbox").ToString();
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
        builder.AddEnedisProvider();
        using var host = builder.Build();
        return await host.Services.GetRequiredService<MyElectricalData.Enedis.Token.EnedisTokenProvider>().GetTokenAsync(CancellationToken.None);
    }

}
