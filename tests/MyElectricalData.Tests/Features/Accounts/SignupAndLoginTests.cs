using System.Net;
using System.Net.Http.Json;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Accounts;

[Collection(AppHostCollection.Name)]
public sealed class SignupAndLoginTests(AppHostFixture fixture)
{
    [Fact]
    public async Task SignupReturnsPermanentCredentialsOnce()
    {
        var user = await fixture.SignUpAsync();

        user.ClientId.ShouldStartWith("cli_");
        user.ClientSecret.Length.ShouldBe(64);
        user.ClientSecret.ShouldAllBe(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_');
    }

    [Fact]
    public async Task SigningUpTwiceWithTheSameEmailIsAConflict()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.CreateHttpClient("api");

        using var response = await client.PostAsJsonAsync("/api/accounts/signup", new { email = user.Email.ToUpperInvariant(), password = user.Password });

        (await response.ShouldFailWithAsync(HttpStatusCode.Conflict, "USER_EXISTS")).GetProperty("field").GetString().ShouldBe("email");
    }

    [Theory]
    [InlineData("short1A", "password")]
    [InlineData("alllowercase1", "password")]
    [InlineData("ALLUPPERCASE1", "password")]
    [InlineData("NoDigitsHere", "password")]
    public async Task WeakPasswordsAreRefusedNamingTheField(string password, string field)
    {
        using var client = fixture.CreateHttpClient("api");

        using var response = await client.PostAsJsonAsync("/api/accounts/signup", new { email = GatewayClient.UniqueEmail(), password });

        (await response.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR")).GetProperty("field").GetString().ShouldBe(field);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("")]
    [InlineData("a@b")]
    public async Task InvalidEmailsAreRefused(string email)
    {
        using var client = fixture.CreateHttpClient("api");

        using var response = await client.PostAsJsonAsync("/api/accounts/signup", new { email, password = GatewayClient.StrongPassword });

        (await response.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR")).GetProperty("field").GetString().ShouldBe("email");
    }

    [Fact]
    public async Task LoginSetsAnHttpOnlySessionCookieThatLogoutClears()
    {
        var user = await fixture.SignUpAsync();
        using var client = await fixture.LoggedInClientAsync(user.Email, user.Password);

        using var me = await client.GetAsync("/api/accounts/me");
        (await me.DataAsync()).GetProperty("email").GetString().ShouldBe(user.Email);

        using var logout = await client.PostAsync("/api/accounts/logout", null);
        logout.StatusCode.ShouldBe(HttpStatusCode.OK);
        logout.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("access_token=;", StringComparison.Ordinal));
        using var after = await client.GetAsync("/api/accounts/me");
        await after.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    [Fact]
    public async Task TheSessionCookieIsHttpOnlyAndLax()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.CreateHttpClient("api");

        using var response = await client.PostAsJsonAsync("/api/accounts/login", new { email = user.Email, password = user.Password });

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("access_token=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=lax", Case.Insensitive);
    }

    [Fact]
    public async Task AWrongPasswordIsInvalidCredentials()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.CreateHttpClient("api");

        using var response = await client.PostAsJsonAsync("/api/accounts/login", new { email = user.Email, password = "Wrong-Password-1" });

        await response.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
    }

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountOutFromThatAddressWithRetryAfter()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.CreateHttpClient("api");
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/accounts/login", new { email = user.Email, password = $"Wrong-Password-{i}" });
            wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var locked = await client.PostAsJsonAsync("/api/accounts/login", new { email = user.Email, password = user.Password });

        await locked.ShouldFailWithAsync(HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        locked.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 15 * 60);
    }

    [Fact]
    public async Task DeactivatedAccountsCannotLogIn()
    {
        var user = await fixture.SignUpAsync();
        await using (var db = await Database.OpenAsync(fixture))
        {
            await db.ExecuteAsync("UPDATE users SET is_active = false WHERE email = @p0", user.Email);
        }
        using var client = fixture.CreateHttpClient("api");

        using var login = await client.PostAsJsonAsync("/api/accounts/login", new { email = user.Email, password = user.Password });
        using var bearer = fixture.ClientFor(user);
        using var me = await bearer.GetAsync("/api/accounts/me");

        await login.ShouldFailWithAsync(HttpStatusCode.Forbidden, "USER_INACTIVE");
        await me.ShouldFailWithAsync(HttpStatusCode.Forbidden, "USER_INACTIVE");
    }
}
