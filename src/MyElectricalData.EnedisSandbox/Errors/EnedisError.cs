// Owns: every error the sandbox answers, as Enedis spells it (HTTP status, code, description, body shape).
// Handlers pick an error here and return it; nothing else builds error JSON.
using Microsoft.AspNetCore.Http.HttpResults;

namespace MyElectricalData.EnedisSandbox.Errors;

/// <summary>Enedis' error body: {"error","error_description","error_uri"} (plus the retry time for quotas).</summary>
public sealed record EnedisErrorBody(string Error, string ErrorDescription, string ErrorUri, string? NextAccessTime = null);

/// <summary>
/// The data gateway (not the token API) rejects a missing, unknown or expired bearer token with the API manager's
/// own body, not with the error/error_description pair.
/// </summary>
public sealed record GatewayFaultBody(GatewayFault Fault)
{
    public static JsonHttpResult<GatewayFaultBody> InvalidCredentials() =>
        TypedResults.Json(
            new GatewayFaultBody(new GatewayFault(900901, "Invalid Credentials",
                "Invalid Credentials. Make sure you have provided the correct security credentials")),
            statusCode: StatusCodes.Status401Unauthorized);
}

public sealed record GatewayFault(int Code, string Message, string Description);

public sealed record EnedisError(int Status, string Code, string Description, DateTimeOffset? NextAccessTime = null)
{
    // The published files leave error_uri empty; keep the key so clients that read it find a string.
    private const string ErrorUri = "";

    public JsonHttpResult<EnedisErrorBody> ToResult() =>
        TypedResults.Json(
            new EnedisErrorBody(Code, Description, ErrorUri, NextAccessTime is { } next ? Iso(next) : null),
            statusCode: Status);

    public static EnedisError InvalidRequest(string description) =>
        new(StatusCodes.Status400BadRequest, "invalid_request", description);

    public static EnedisError LoadCurvePeriodTooLong() =>
        new(StatusCodes.Status400BadRequest, "ADAM-DC-0015", "The requested period must be less than 7 days for an access to the load curve");

    // Enedis documents no dedicated code for a daily range over 365 days; it answers a generic bad request.
    public static EnedisError DailyPeriodTooLong() =>
        InvalidRequest("The requested period must be less than 365 days");

    public static EnedisError BeforeHistoryLimit() =>
        new(StatusCodes.Status400BadRequest, "ADAM-DC-0016", "The start date must be greater than the history deadline");

    public static EnedisError WrongMeterKind() =>
        new(StatusCodes.Status400BadRequest, "ADAM-ERR0069", "The requested data is not available for this usage point (consumption or production not measured)");

    public static EnedisError NoConsent() =>
        new(StatusCodes.Status403Forbidden, "ADAM-DC-0008", "No consent can be found for this customer and this usage point.");

    public static EnedisError NoData() =>
        new(StatusCodes.Status404NotFound, "no_data_found", "no measure found for this usage point");

    public static EnedisError QuotaPerSecond(int limit, DateTimeOffset nextAccess) =>
        new(StatusCodes.Status429TooManyRequests, "Quota Q3 reached",
            $"More than {limit} calls per second. Calls are allowed again at {Iso(nextAccess)}.", nextAccess);

    public static EnedisError QuotaPerHour(int limit, DateTimeOffset nextAccess) =>
        new(StatusCodes.Status429TooManyRequests, "Quota Q4 reached",
            $"More than {limit} calls per hour. Calls are allowed again at {Iso(nextAccess)}.", nextAccess);

    public static EnedisError InternalError() =>
        new(StatusCodes.Status500InternalServerError, "ADAM-DC-0500", "Internal Server Error");

    public static EnedisError Unavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, "503", "Service unavailable for the moment. Please try later.");

    public static EnedisError GatewayTimeout() =>
        new(StatusCodes.Status504GatewayTimeout, "gateway_timeout", "The upstream service did not answer in time.");

    /// <summary>An injected fault with a status Enedis has no documented body for.</summary>
    public static EnedisError Injected(int status) =>
        status switch
        {
            StatusCodes.Status500InternalServerError => InternalError(),
            StatusCodes.Status503ServiceUnavailable => Unavailable(),
            StatusCodes.Status504GatewayTimeout => GatewayTimeout(),
            _ => new(status, "sandbox_fault", $"Fault injected by the sandbox (HTTP {status})."),
        };

    // Token API (RFC 6749 names, as Enedis' token file lists them).
    public static EnedisError TokenInvalidRequest(string description) =>
        new(StatusCodes.Status400BadRequest, "invalid_request", description);

    public static EnedisError TokenUnsupportedGrantType() =>
        new(StatusCodes.Status400BadRequest, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server");

    public static EnedisError TokenInvalidGrant() =>
        TokenInvalidGrant("The provided authorization grant (e.g. authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client");

    /// <summary>invalid_grant with the reason, for a refused authorization code.</summary>
    public static EnedisError TokenInvalidGrant(string description) =>
        new(StatusCodes.Status400BadRequest, "invalid_grant", description);

    public static EnedisError TokenMissingCredentials() =>
        new(StatusCodes.Status401Unauthorized, "Unauthorized", "Valid authentication credentials are mandatory to access the resource.");

    // Authorize (consent) API.
    public static EnedisError AuthorizeInvalidRequest(string description) =>
        new(StatusCodes.Status400BadRequest, "invalid_request", description);

    public static EnedisError AuthorizeInvalidClient() =>
        new(StatusCodes.Status400BadRequest, "invalid_client", "Unknown client_id");

    private static string Iso(DateTimeOffset instant) => IsoTime.Format(instant);
}
