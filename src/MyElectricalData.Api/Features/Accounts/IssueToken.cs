using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary>
/// OAuth2 client-credentials grant (RFC 6749 §4.4): form fields or HTTP Basic. Answers the raw token
/// response, not the envelope, as OAuth2 clients (and Swagger UI) expect.
/// </summary>
public sealed class IssueToken(ClientCredentials clientCredentials, JwtTokens jwt, LoginThrottle throttle)
    : EndpointWithoutRequest<Results<Ok<IssueToken.TokenResponse>, JsonHttpResult<IssueToken.OAuthError>>>
{
    public sealed record TokenResponse(string AccessToken, string TokenType, long ExpiresIn);

    public sealed record OAuthError(string Error, string ErrorDescription)
    {
        /// <summary>What the shared error mapping answers on this route (a refused query, an oversized body): OAuth2's body.</summary>
        public static readonly IErrorBodyShape Shape = new OAuthErrorShape();

        private sealed class OAuthErrorShape : IErrorBodyShape
        {
            public object Body(ApiError error) => new OAuthError(error.Status switch
            {
                StatusCodes.Status401Unauthorized => "invalid_client",
                StatusCodes.Status429TooManyRequests => "slow_down",
                < 500 => "invalid_request",
                _ => "server_error",
            }, error.Message);
        }
    }

    public override void Configure()
    {
        Post("/token");
        Group<AccountsGroup>();
        AllowAnonymous();
        Metadata(OAuthError.Shape);
        Description(b => b.WithName("IssueToken"));
        // The form is read by hand (control characters refused before any field is used), so no body is bound or declared:
        // a declared form body makes a POST without one a bare 415 instead of OAuth2's own answer.
        Summary(s =>
        {
            s.Summary = "OAuth2 client credentials: exchange client_id/client_secret for a bearer token.";
            s.Description = "A form (application/x-www-form-urlencoded): grant_type=client_credentials, client_id and client_secret; " +
                "or grant_type alone with HTTP Basic client_id:client_secret (RFC 6749 §4.4).";
        });
    }

    public override async Task<Results<Ok<TokenResponse>, JsonHttpResult<OAuthError>>> ExecuteAsync(CancellationToken ct)
    {
        var http = HttpContext;
        IFormCollection? form;
        try
        {
            form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
        }
        catch (InvalidDataException)
        {
            // The form reader's own refusals: a NUL in a field ("invalid characters"), too many or too long fields.
            return Error(400, "invalid_request", "The form is malformed or holds control characters.");
        }
        // Control characters are refused before any field is used (the client id is a database and Redis lookup).
        if (form is not null && form.Any(field => ControlCharacters.In(field.Key) || field.Value.Any(v => ControlCharacters.In(v))))
        {
            return Error(400, "invalid_request", "Form fields must not contain control characters.");
        }
        var grantType = form?["grant_type"].ToString();
        string? clientId = form?["client_id"].ToString();
        string? clientSecret = form?["client_secret"].ToString();
        var authorization = http.Request.Headers.Authorization.ToString();
        var basic = BasicCredentials.Parse(authorization);
        if (basic is { } pair)
        {
            (clientId, clientSecret) = pair;
        }
        if (grantType != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", "grant_type must be client_credentials.");
        }
        if (basic is null && BasicCredentials.IsBasic(authorization))
        {
            // Client authentication that fails is invalid_client (RFC 6749 §5.2), never a fallback to the form fields.
            http.Response.Headers.WWWAuthenticate = "Basic";
            return Error(401, "invalid_client", "Malformed HTTP Basic credentials.");
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
        var user = await clientCredentials.FindAsync(clientId, clientSecret, ct);
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
