// Owns: POST /oauth2/v3/token, Enedis' client-credentials token API (client id/secret in the form or in Basic).
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MyElectricalData.EnedisSandbox.Errors;

namespace MyElectricalData.EnedisSandbox.Token;

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string Scope);

internal static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapToken(this IEndpointRouteBuilder app)
    {
        app.MapPost("/oauth2/v3/token", IssueToken)
            .WithName("IssueToken")
            .WithSummary("Client-credentials token, as Enedis' /oauth2/v3/token.")
            .DisableAntiforgery();
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, JsonHttpResult<EnedisErrorBody>>> IssueToken(
        HttpRequest request, TokenStore tokens, IOptions<SandboxOptions> options)
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

        if (grantType != "client_credentials")
        {
            return EnedisError.TokenUnsupportedGrantType().ToResult();
        }

        var (clientId, clientSecret) = ReadBasic(request) ?? (form["client_id"].ToString(), form["client_secret"].ToString());
        if (clientId.Length == 0 || clientSecret.Length == 0)
        {
            return EnedisError.TokenMissingCredentials().ToResult();
        }

        var settings = options.Value;
        if (!FixedTimeEquals(clientId, settings.ClientId) || !FixedTimeEquals(clientSecret, settings.ClientSecret))
        {
            return EnedisError.TokenInvalidGrant().ToResult();
        }

        var lifetime = settings.TokenLifetimeSeconds;
        return TypedResults.Ok(new TokenResponse(tokens.Issue(TimeSpan.FromSeconds(lifetime)), "Bearer", lifetime, "am_application_scope default"));
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
