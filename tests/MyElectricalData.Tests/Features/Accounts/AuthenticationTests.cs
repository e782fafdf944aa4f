using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Accounts;

[Collection(AppHostCollection.Name)]
public sealed class AuthenticationTests(AppHostFixture fixture)
{
    [Fact]
    public async Task TheClientSecretWorksAsABearerToken()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.ClientFor(user);

        using var response = await client.GetAsync("/api/accounts/me");

        (await response.DataAsync()).GetProperty("client_id").GetString().ShouldBe(user.ClientId);
    }

    [Fact]
    public async Task BasicAuthenticationWithClientIdAndSecretWorks()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", user.BasicCredentials);

        using var response = await client.GetAsync("/api/accounts/me");

        (await response.DataAsync()).GetProperty("email").GetString().ShouldBe(user.Email);
    }

    [Fact]
    public async Task TheTokenEndpointIssuesABearerJwtFromFormCredentials()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.CreateHttpClient("api");

        using var token = await client.PostAsync("/api/accounts/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = user.ClientId,
            ["client_secret"] = user.ClientSecret,
        }));
        var body = await token.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body!["access_token"].ToString());
        using var me = await client.GetAsync("/api/accounts/me");

        token.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.ShouldNotContainKey("success");
        body["token_type"].ToString().ShouldBe("bearer");
        (await me.DataAsync()).GetProperty("email").GetString().ShouldBe(user.Email);
    }

    [Fact]
    public async Task TheTokenEndpointAcceptsBasicCredentials()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", user.BasicCredentials);

        using var token = await client.PostAsync("/api/accounts/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }));

        token.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("client_credentials", true, HttpStatusCode.Unauthorized, "invalid_client")]
    [InlineData("password", false, HttpStatusCode.BadRequest, "unsupported_grant_type")]
    public async Task TheTokenEndpointAnswersOAuthErrors(string grantType, bool wrongSecret, HttpStatusCode status, string error)
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.CreateHttpClient("api");

        using var token = await client.PostAsync("/api/accounts/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["client_id"] = user.ClientId,
            // The last character changed (a secret already ending in 'x' once made this the right secret: a 1-in-64 flake).
            ["client_secret"] = wrongSecret ? user.ClientSecret[..^1] + (user.ClientSecret[^1] == 'x' ? "y" : "x") : user.ClientSecret,
        }));

        token.StatusCode.ShouldBe(status);
        (await token.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["error"].ToString().ShouldBe(error);
    }

    [Theory]
    [InlineData("Bearer not-a-secret")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Basic !!!")]
    [InlineData("Basic Y2xpX3Vua25vd246c2VjcmV0")]
    [InlineData("Digest whatever")]
    public async Task InvalidCredentialsAreUnauthorizedWithTheEnvelope(string header)
    {
        using var client = fixture.CreateHttpClient("api");
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);

        using var response = await client.GetAsync("/api/accounts/me");

        await response.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    [Fact]
    public async Task NoCredentialsIsUnauthorized()
    {
        using var client = fixture.CreateHttpClient("api");

        using var response = await client.GetAsync("/api/pdl");

        await response.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    [Fact]
    public async Task AnExpiredJwtIsRefusedAsExpired()
    {
        var user = await fixture.SignUpAsync();
        using var me = await fixture.ClientFor(user).GetAsync("/api/accounts/me");
        var userId = (await me.DataAsync()).GetProperty("id").GetString()!;
        using var client = fixture.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Jwt(userId, fixture.SecretKey(), DateTime.UtcNow.AddHours(-2)));

        using var response = await client.GetAsync("/api/accounts/me");

        await response.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
    }

    [Fact]
    public async Task AJwtSignedWithAnotherKeyIsRefused()
    {
        var user = await fixture.SignUpAsync();
        using var me = await fixture.ClientFor(user).GetAsync("/api/accounts/me");
        var userId = (await me.DataAsync()).GetProperty("id").GetString()!;
        using var client = fixture.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Jwt(userId, "another-key-another-key-another-key-0123456789", DateTime.UtcNow.AddHours(2)));

        using var response = await client.GetAsync("/api/accounts/me");

        await response.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    private static string Jwt(string userId, string key, DateTime expires) => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "myelectricaldata",
        Subject = new ClaimsIdentity([new Claim("sub", userId)]),
        IssuedAt = expires.AddHours(-1),
        NotBefore = expires.AddHours(-1),
        Expires = expires,
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
    });
}

public static class SecretKeyExtensions
{
    /// <summary>The SECRET_KEY the AppHost generated for this run and gave the API.</summary>
    public static string SecretKey(this AppHostFixture fixture) => fixture.Topology.ParameterValue("secret-key");
}
