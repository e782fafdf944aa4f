using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Accounts;

/// <summary>
/// JWTs end with the events that must end every session (security review, finding 5): each test holds a token from
/// /api/accounts/token and a logged-in browser, causes the event, and checks the old token is refused at once.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class SessionRevocationTests(AppHostFixture fixture)
{
    [Fact]
    public async Task RegeneratingTheSecretEndsEveryTokenAndTheOldOneCannotReadTheNewSecret()
    {
        var user = await fixture.SignUpAsync();
        var token = await TokenAsync(user);
        using var browser = await fixture.LoggedInClientAsync(user.Email, user.Password);

        using var regenerate = await browser.PostAsync("/api/accounts/regenerate-secret", null);
        using var credentials = await Bearer(token).GetAsync("/api/accounts/credentials");
        using var browserAfter = await browser.GetAsync("/api/accounts/me");

        regenerate.StatusCode.ShouldBe(HttpStatusCode.OK);
        await credentials.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
        browserAfter.StatusCode.ShouldBe(HttpStatusCode.OK, "the browser that asked keeps a fresh session");
    }

    [Fact]
    public async Task ChangingThePasswordEndsEveryOtherSession()
    {
        var user = await fixture.SignUpAsync();
        var token = await TokenAsync(user);
        using var other = await fixture.LoggedInClientAsync(user.Email, user.Password);
        using var browser = await fixture.LoggedInClientAsync(user.Email, user.Password);

        using var change = await browser.PostAsJsonAsync("/api/accounts/update-password",
            new { old_password = user.Password, new_password = "Changed-Pass-2027" });
        using var withToken = await Bearer(token).GetAsync("/api/accounts/me");
        using var otherAfter = await other.GetAsync("/api/accounts/me");
        using var browserAfter = await browser.GetAsync("/api/accounts/me");

        change.StatusCode.ShouldBe(HttpStatusCode.OK);
        await withToken.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
        await otherAfter.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
        browserAfter.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ResettingThePasswordEndsEverySession()
    {
        var user = await fixture.SignUpAsync();
        var token = await TokenAsync(user);
        var resetToken = "reset-" + Guid.NewGuid().ToString("N");
        await using (var db = await Database.OpenAsync(fixture))
        {
            await db.ExecuteAsync(
                "INSERT INTO user_tokens (id, user_id, purpose, token_hash, created_at, expires_at) " +
                "SELECT gen_random_uuid(), id, 'PasswordReset', @p1, now(), now() + interval '1 hour' FROM users WHERE email = @p0",
                user.Email, Sha256Hex(resetToken));
        }
        using var anonymous = fixture.CreateHttpClient("api");

        using var reset = await anonymous.PostAsJsonAsync("/api/accounts/reset-password", new { token = resetToken, new_password = "Reset-Pass-2027" });
        using var withToken = await Bearer(token).GetAsync("/api/accounts/me");

        reset.StatusCode.ShouldBe(HttpStatusCode.OK, await reset.Content.ReadAsStringAsync());
        await withToken.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
    }

    [Fact]
    public async Task LoggingOutEndsEverySessionAndToken()
    {
        var user = await fixture.SignUpAsync();
        var token = await TokenAsync(user);
        using var other = await fixture.LoggedInClientAsync(user.Email, user.Password);
        using var browser = await fixture.LoggedInClientAsync(user.Email, user.Password);

        using var logout = await browser.PostAsync("/api/accounts/logout", null);
        using var withToken = await Bearer(token).GetAsync("/api/accounts/me");
        using var otherAfter = await other.GetAsync("/api/accounts/me");
        using var withSecret = await fixture.ClientFor(user).GetAsync("/api/accounts/me");

        logout.StatusCode.ShouldBe(HttpStatusCode.OK);
        await withToken.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
        await otherAfter.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
        withSecret.StatusCode.ShouldBe(HttpStatusCode.OK, "the API secret is a credential, not a session");
    }

    [Fact]
    public async Task ADeactivatedAccountsTokensStayDeadAfterReactivation()
    {
        var user = await fixture.SignUpAsync();
        var token = await TokenAsync(user);
        using var admin = fixture.ClientFor(await AdminAsync());
        var userId = (await (await Bearer(token).GetAsync("/api/accounts/me")).DataAsync()).GetProperty("id").GetGuid();

        using var deactivate = await admin.PostAsync($"/api/admin/users/{userId}/toggle-status", null);
        using var reactivate = await admin.PostAsync($"/api/admin/users/{userId}/toggle-status", null);
        using var withToken = await Bearer(token).GetAsync("/api/accounts/me");
        using var freshLogin = await fixture.LoggedInClientAsync(user.Email, user.Password);
        using var fresh = await freshLogin.GetAsync("/api/accounts/me");

        deactivate.StatusCode.ShouldBe(HttpStatusCode.OK);
        reactivate.StatusCode.ShouldBe(HttpStatusCode.OK);
        await withToken.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
        fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnExplicitAuthorizationHeaderWinsOverASessionCookie()
    {
        var cookieOwner = await fixture.SignUpAsync();
        var current = await fixture.SignUpAsync();
        using var browser = await fixture.LoggedInClientAsync(cookieOwner.Email, cookieOwner.Password);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/accounts/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", current.ClientSecret);

        using var response = await browser.SendAsync(request);

        (await response.DataAsync()).GetProperty("email").GetString().ShouldBe(current.Email);
    }

    private async Task<string> TokenAsync(TestUser user)
    {
        using var client = fixture.CreateHttpClient("api");
        using var response = await client.PostAsync("/api/accounts/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = user.ClientId,
            ["client_secret"] = user.ClientSecret,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("access_token").GetString()!;
        (await Bearer(token).GetAsync("/api/accounts/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the token works before the event");
        return token;
    }

    private HttpClient Bearer(string token)
    {
        var client = fixture.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<TestUser> AdminAsync()
    {
        await using var db = await Database.OpenAsync(fixture);
        // The admin account may exist from an earlier test class in this run.
        await db.ExecuteAsync("DELETE FROM users WHERE email = @p0", AppHostFixture.AdminEmail);
        return await fixture.SignUpAsync(AppHostFixture.AdminEmail);
    }

    private static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
