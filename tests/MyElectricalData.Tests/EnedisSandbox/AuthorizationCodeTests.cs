using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace MyElectricalData.Tests.EnedisSandbox;

/// <summary>The code of an accepted consent, exchanged at the token API (grant_type=authorization_code).</summary>
public sealed class AuthorizationCodeTests : IAsyncLifetime
{
    private const string Token = "/oauth2/v3/token";
    private const string Decision = "/dataconnect/v1/oauth2/authorize/decision";
    private const string Callback = "http://localhost:8000/api/oauth/callback";

    private SandboxHost _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHost.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task ACodeExchangesForTheConsentedUsagePoints()
    {
        var code = await AcceptAsync(_sandbox, usagePoints: "22222222222221;22222222222222");

        using var response = await ExchangeAsync(_sandbox, code);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.Keys().ShouldBe(["access_token", "token_type", "expires_in", "scope", "usage_points_id"]);
        json.RootElement.Text("usage_points_id").ShouldBe("22222222222221,22222222222222");
        json.RootElement.Text("token_type").ShouldBe("Bearer");
        json.RootElement.Text("access_token").ShouldNotBeNullOrWhiteSpace();
        json.RootElement.GetProperty("expires_in").GetInt32().ShouldBe(12600);
    }

    [Fact]
    public async Task CredentialsInBasicAreAcceptedToo()
    {
        var code = await AcceptAsync(_sandbox);
        using var request = new HttpRequestMessage(HttpMethod.Post, Token)
        {
            Content = Form(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Callback)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox-client:sandbox-secret")));

        using var response = await _sandbox.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Field(response, "usage_points_id")).ShouldBe($"{SandboxHost.ProducerId},{SandboxHost.ConsumerOnlyId}");
    }

    [Fact]
    public async Task ACodeWorksOnlyOnce()
    {
        var code = await AcceptAsync(_sandbox);
        (await ExchangeAsync(_sandbox, code)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var second = await ExchangeAsync(_sandbox, code);

        second.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Field(second, "error")).ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task ACodeExpiresAfterItsLifetime()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:CodeLifetimeSeconds"] = "30" });
        var code = await AcceptAsync(sandbox);

        sandbox.Clock.Advance(TimeSpan.FromSeconds(31));
        using var response = await ExchangeAsync(sandbox, code);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Field(response, "error")).ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task ACodeStillWorksWithinItsLifetime()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:CodeLifetimeSeconds"] = "30" });
        var code = await AcceptAsync(sandbox);

        sandbox.Clock.Advance(TimeSpan.FromSeconds(20));
        using var response = await ExchangeAsync(sandbox, code);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ACodePresentedByAnotherClientIsAnInvalidGrantAndStaysWithItsClient()
    {
        var code = await AcceptAsync(_sandbox);

        using var stranger = await ExchangeAsync(_sandbox, code, clientId: "someone-else", clientSecret: "their-secret");

        stranger.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Field(stranger, "error")).ShouldBe("invalid_grant");
        // A caller that cannot authenticate does not spend the code of the client it was issued to.
        (await ExchangeAsync(_sandbox, code)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ACodeIsBoundToTheRedirectUriOfTheAuthorizeRequestAndSpentByAMismatch()
    {
        var code = await AcceptAsync(_sandbox);

        using var mismatch = await ExchangeAsync(_sandbox, code, redirectUri: "https://attacker.example/callback");

        mismatch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Field(mismatch, "error")).ShouldBe("invalid_grant");
        (await Field(mismatch, "error_description")).ShouldContain("redirect_uri");
        using var retry = await ExchangeAsync(_sandbox, code);
        retry.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Field(retry, "error")).ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task AnExchangeWithoutRedirectUriIsAnInvalidGrant()
    {
        var code = await AcceptAsync(_sandbox);

        using var response = await ExchangeAsync(_sandbox, code, redirectUri: null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Field(response, "error")).ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task WithoutRedirectUriOnTheAuthorizeRequestTheCodeIsBoundToTheConfiguredOne()
    {
        const string configured = "https://gateway.example/callback";
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RedirectUri"] = configured });
        using var decision = await sandbox.Client.GetAsync($"{Decision}?client_id=sandbox-client&duration=P1Y&response_type=code&state=s&decision=accept");
        var code = QueryHelpers.ParseQuery(decision.Headers.Location!.Query)["code"].ToString();

        using var response = await ExchangeAsync(sandbox, code, redirectUri: configured);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnUnknownCodeIsAnInvalidGrant()
    {
        using var response = await ExchangeAsync(_sandbox, "made-up-code");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Field(response, "error")).ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task AnExchangeWithoutCodeIsAnInvalidRequest()
    {
        using var response = await ExchangeAsync(_sandbox, code: null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Field(response, "error")).ShouldBe("invalid_request");
    }

    [Fact]
    public async Task AnExchangeWithoutCredentialsIsRefusedWith401()
    {
        var code = await AcceptAsync(_sandbox);

        using var response = await _sandbox.Client.PostAsync(Token, Form(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Callback)));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task EachAcceptedConsentIssuesADifferentCode()
    {
        var first = await AcceptAsync(_sandbox);
        var second = await AcceptAsync(_sandbox);

        first.ShouldNotBe(second);
        first.Length.ShouldBeGreaterThanOrEqualTo(43);
    }

    private static async Task<string> AcceptAsync(SandboxHost sandbox, string? usagePoints = null)
    {
        var fields = new List<(string, string)>
        {
            ("client_id", "sandbox-client"),
            ("response_type", "code"),
            ("duration", "P36M"),
            ("state", "s"),
            ("redirect_uri", Callback),
            ("decision", "accept"),
        };
        if (usagePoints is not null)
        {
            fields.Add(("usage_points", usagePoints));
        }

        using var response = await sandbox.Client.PostAsync(Decision, Form([.. fields]));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return QueryHelpers.ParseQuery(response.Headers.Location!.Query)["code"].ToString();
    }

    private static Task<HttpResponseMessage> ExchangeAsync(
        SandboxHost sandbox, string? code, string? redirectUri = Callback, string clientId = "sandbox-client", string clientSecret = "sandbox-secret")
    {
        var fields = new List<(string, string)> { ("grant_type", "authorization_code"), ("client_id", clientId), ("client_secret", clientSecret) };
        if (code is not null)
        {
            fields.Add(("code", code));
        }

        if (redirectUri is not null)
        {
            fields.Add(("redirect_uri", redirectUri));
        }

        return sandbox.Client.PostAsync(Token, Form([.. fields]));
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(field => new KeyValuePair<string, string>(field.Key, field.Value)));

    private static async Task<string> Field(HttpResponseMessage response, string name)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Text(name);
    }
}
