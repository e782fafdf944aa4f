using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.Auth;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary>
/// OAuth2 client-credentials grant (RFC 6749 §4.4): form fields or HTTP Basic. Answers the raw token
/// response, not the envelope, as OAuth2 clients (and Swagger UI) expect.
/// </summary>
public static class IssueToken
{
    public sealed record TokenResponse(string AccessToken, string TokenType, long ExpiresIn);

    public sealed record OAuthError(string Error, string ErrorDescription);

    public static void Map(RouteGroupBuilder group) => group.MapPost("/token", HandleAsync)
        .WithName("IssueToken").WithSummary("OAuth2 client credentials: exchange client_id/client_secret for a bearer token.")
        .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
        .DisableAntiforgery();

    public static async Task<Results<Ok<TokenResponse>, JsonHttpResult<OAuthError>>> HandleAsync(
        HttpContext http, ClientCredentials clientCredentials, JwtTokens jwt, LoginThrottle throttle, CancellationToken cancellationToken)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(cancellationToken) : null;
        var grantType = form?["grant_type"].ToString();
        string? clientId = form?["client_id"].ToString();
        string? clientSecret = form?["client_secret"].ToString();
        if (BasicCredentials.Parse(http.Request.Headers.Authorization.ToString()) is { } basic)
        {
            (clientId, clientSecret) = basic;
        }
        if (grantType != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", "grant_type must be client_credentials.");
        }
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(clientSecret))
        {
            return Error(400, "invalid_request", "client_id and client_secret are required (form fields or HTTP Basic).");
        }

        var address = http.Connection.RemoteIpAddress?.ToString();
        if (await throttle.TryBeginAsync(clientId, address) is { } lockedOut)
        {
            http.Response.Headers.RetryAfter = lockedOut.RetryAfterSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Error(429, "slow_down", lockedOut.Message);
        }
        var user = await clientCredentials.FindAsync(clientId, clientSecret, cancellationToken);
        if (user is null)
        {
            await throttle.FailedAsync(clientId, address);
            http.Response.Headers.WWWAuthenticate = "Basic";
            return Error(401, "invalid_client", "Unknown client_id or wrong client_secret.");
        }
        await throttle.SucceededAsync(clientId, address);
        if (!user.IsActive)
        {
            return Error(400, "invalid_grant", "This account is deactivated.");
        }
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new TokenResponse(jwt.Issue(user), "bearer", (long)jwt.Lifetime.TotalSeconds));
    }

    private static JsonHttpResult<OAuthError> Error(int status, string error, string description) =>
        TypedResults.Json(new OAuthError(error, description), statusCode: status);
}
