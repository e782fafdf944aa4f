using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MyElectricalData.Tests.EnedisSandbox;

public sealed class TokenTests
{
    private const string DailyPath = "/metering_data_dc/v5/daily_consumption?usage_point_id=12345678901234&start=2025-03-01&end=2025-03-02";

    [Fact]
    public async Task ConfiguredCredentialsInTheFormGetABearerToken()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        using var response = await sandbox.Client.PostAsync("/oauth2/v3/token", Form(("grant_type", "client_credentials"), ("client_id", "sandbox-client"), ("client_secret", "sandbox-secret")));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.Keys().ShouldBe(["access_token", "token_type", "expires_in", "scope"]);
        json.RootElement.Text("access_token").ShouldNotBeNullOrWhiteSpace();
        json.RootElement.Text("token_type").ShouldBe("Bearer");
        json.RootElement.GetProperty("expires_in").GetInt32().ShouldBe(12600);
    }

    [Fact]
    public async Task ConfiguredCredentialsInBasicGetABearerTokenWithTheConfiguredLifetime()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:ClientId"] = "my-app",
            ["Sandbox:ClientSecret"] = "s3cret",
            ["Sandbox:TokenLifetimeSeconds"] = "60",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/v3/token") { Content = Form(("grant_type", "client_credentials")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("my-app:s3cret")));

        using var response = await sandbox.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("expires_in").GetInt32().ShouldBe(60);
    }

    [Fact]
    public async Task AWrongSecretIsRefusedWithInvalidGrant()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        using var response = await sandbox.Client.PostAsync("/oauth2/v3/token", Form(("grant_type", "client_credentials"), ("client_id", "sandbox-client"), ("client_secret", "nope")));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorCode(response)).ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task MissingCredentialsAreRefusedWith401()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        using var response = await sandbox.Client.PostAsync("/oauth2/v3/token", Form(("grant_type", "client_credentials")));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnotherGrantTypeIsRefusedAsUnsupported()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        using var response = await sandbox.Client.PostAsync("/oauth2/v3/token", Form(("grant_type", "password"), ("client_id", "sandbox-client"), ("client_secret", "sandbox-secret")));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorCode(response)).ShouldBe("unsupported_grant_type");
    }

    [Fact]
    public async Task ADataEndpointWithoutATokenAnswers401()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        using var response = await sandbox.Client.GetAsync(DailyPath);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ADataEndpointWithATokenItDidNotIssueAnswers401()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, DailyPath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "forged");

        using var response = await sandbox.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ATokenStopsWorkingOnceExpired()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:TokenLifetimeSeconds"] = "60" });
        (await sandbox.GetDataAsync(DailyPath)).StatusCode.ShouldBe(HttpStatusCode.OK);

        sandbox.Clock.Advance(TimeSpan.FromSeconds(61));
        using var response = await sandbox.GetDataAsync(DailyPath);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(field => new KeyValuePair<string, string>(field.Key, field.Value)));

    private static async Task<string?> ErrorCode(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("error").GetString();
    }
}
