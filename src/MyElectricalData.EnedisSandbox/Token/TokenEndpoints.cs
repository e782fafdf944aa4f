// Owns: POST /oauth2/v3/token, Enedis' token API: the application's client-credentials token, and the exchange of a
// consent's authorization code for the usage points it was issued for (the earlier Data Connect generation's grant;
// Enedis' published v3 file documents only client_credentials). Client id/secret in the form or in Basic for both.
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MyElectricalData.EnedisSandbox.Authorize;
using MyElectricalData.EnedisSandbox.Errors;

namespace MyElectricalData.EnedisSandbox.Token;

/// <summary>The token answer; <paramref name="UsagePointsId"/> (ids joined by ',') only for an exchanged code.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string Scope, string? UsagePointsId = null);

internal static class TokenEndpoints
{
    private const string Scope = "am_application_scope default";

    public static IEndpointRouteBuilder MapToken(this IEndpointRouteBuilder app)
    {
        app.MapPost("/oauth2/v3/token", IssueToken)
            .WithName("IssueToken")
            .WithSummary("Client-credentials token, or a consent's authorization code exchanged, as Enedis' /oauth2/v3/token.")
            .DisableAntiforgery();
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, JsonHttpResult<EnedisErrorBody>>> IssueToken(
        HttpRequest request, TokenStore tokens, AuthorizationCodes codes, IOptions<SandboxOptions> options)
    {
        if (!request.HasFormContentType)
        {
            return EnedisError.TokenInvalidRequest("Le Content-Type doit être application/x-www-form-urlencoded").ToResult();
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var grantType = form["grant_type"].ToString();
        if (grantType.Length == 0)
        {
            return EnedisError.TokenInvalidRequest("grant_type parameter is required").ToResult();
        }

        if (grantType is not ("client_credentials" or "authorization_code"))
        {
            return EnedisError.TokenUnsupportedGrantType().ToResult();
        }

        var settings = options.Value;
        var (clientId, clientSecret) = ReadBasic(request) ?? (form["client_id"].ToString(), form["client_secret"].ToString());
        if (clientId.Length == 0 || clientSecret.Length == 0)
        {
            return EnedisError.TokenMissingCredentials().ToResult();
        }

        // Before the code is looked at: a caller that cannot authenticate must not be able to spend someone's code.
        if (!FixedTimeEquals(clientId, settings.ClientId) || !FixedTimeEquals(clientSecret, settings.ClientSecret))
        {
            return EnedisError.TokenInvalidGrant().ToResult();
        }

        string? usagePointsId = null;
        if (grantType == "authorization_code")
        {
            var code = form["code"].ToString();
            if (code.Length == 0)
            {
                return EnedisError.TokenInvalidRequest("code parameter is required").ToResult();
            }

            var redirectUri = form["redirect_uri"].ToString();
            var (usagePoints, refusal) = codes.Redeem(code, clientId, redirectUri.Length == 0 ? null : redirectUri);
            if (usagePoints is null)
            {
                return EnedisError.TokenInvalidGrant(refusal!).ToResult();
            }

            usagePointsId = string.Join(',', usagePoints);
        }

        var lifetime = settings.TokenLifetimeSeconds;
        return TypedResults.Ok(new TokenResponse(tokens.Issue(TimeSpan.FromSeconds(lifetime)), "Bearer", lifetime, Scope, usagePointsId));
    }

    private static (string ClientId, string ClientSecret)? ReadBasic(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (pair[..colon], pair[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool FixedTimeEquals(string left, string right) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));
}
