using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace MyElectricalData.Api.Infrastructure;

/// <summary>The body of every /api response (but the OAuth2 token endpoint): <c>{success, data, error, timestamp}</c>.</summary>
public sealed record ApiResponse<T>(bool Success, T? Data, ApiErrorBody? Error, DateTimeOffset Timestamp);

public sealed record ApiErrorBody(string Code, string Message, string? Field = null);

public static class Envelope
{
    public static Ok<ApiResponse<T>> Ok<T>(T data) => TypedResults.Ok(Wrap(data));

    public static Created<ApiResponse<T>> Created<T>(string location, T data) => TypedResults.Created(location, Wrap(data));

    public static ApiResponse<T> Wrap<T>(T data) => new(true, data, null, DateTimeOffset.UtcNow);

    private static readonly int[] ErrorStatuses = [400, 401, 403, 404, 409, 429, 503];

    public static void AddErrorMetadata(IList<object> metadata)
    {
        foreach (var status in ErrorStatuses)
        {
            metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ApiResponse<object>), ["application/json"]));
        }
    }

    /// <summary>Documents the envelope on error statuses for every endpoint of a group (auth can fail even where handlers cannot).</summary>
    public static TBuilder WithErrorResponses<TBuilder>(this TBuilder group) where TBuilder : IEndpointConventionBuilder
    {
        group.Add(endpoint =>
        {
            if (!endpoint.Metadata.OfType<ProducesResponseTypeMetadata>().Any(m => m.StatusCode == 401))
            {
                AddErrorMetadata(endpoint.Metadata);
            }
        });
        return group;
    }

    public static ApiResponse<object> Failure(ApiError error) =>
        new(false, null, new ApiErrorBody(error.Code, error.Message, error.Field), DateTimeOffset.UtcNow);
}

/// <summary>A short confirmation such as <c>{"message": "..."}</c>.</summary>
public sealed record MessageResponse(string Message);

/// <summary>
/// An error as handlers return it. One mapping turns it into a status and the envelope; handlers never
/// build error JSON themselves.
/// </summary>
public sealed class ApiError(int status, string code, string message, string? field = null)
    : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string Message { get; } = message;

    public string? Field { get; } = field;

    /// <summary>Sent as Retry-After (seconds) with quota and lock-out errors.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Extra response headers (e.g. X-RateLimit-* with a quota refusal).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    int? IStatusCodeHttpResult.StatusCode => Status;

    public static ApiError Validation(string? field, string message) => new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, message, field);

    public static ApiError NotFound(string code, string message) => new(StatusCodes.Status404NotFound, code, message);

    public static ApiError Conflict(string code, string message, string? field = null) => new(StatusCodes.Status409Conflict, code, message, field);

    public static ApiError Forbidden(string message, string code = ErrorCodes.Forbidden) => new(StatusCodes.Status403Forbidden, code, message);

    public static ApiError Unauthorized(string code, string message) => new(StatusCodes.Status401Unauthorized, code, message);

    public static ApiError TooManyRequests(string message, int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimitExceeded, message) { RetryAfterSeconds = retryAfterSeconds };

    public Task ExecuteAsync(HttpContext httpContext) => ErrorResponses.WriteAsync(httpContext, this);

    /// <summary>Every endpoint that can fail documents the envelope on its error statuses.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Envelope.AddErrorMetadata(builder.Metadata);

    public override string ToString() => $"{Status} {Code}: {Message}";
}

/// <summary>Thrown where returning is impractical (deep in a service); mapped like a returned <see cref="ApiError"/>.</summary>
public sealed class ApiErrorException(ApiError error) : Exception(error.Message)
{
    public ApiError Error { get; } = error;
}

public static class ErrorCodes
{
    public const string ValidationError = "VALIDATION_ERROR";
    public const string UserExists = "USER_EXISTS";
    public const string InvalidCredentials = "INVALID_CREDENTIALS";
    public const string UserInactive = "USER_INACTIVE";
    public const string InvalidToken = "INVALID_TOKEN";
    public const string TokenExpired = "TOKEN_EXPIRED";
    public const string PdlExists = "PDL_EXISTS";
    public const string PdlNotFound = "PDL_NOT_FOUND";
    public const string AccessDenied = "ACCESS_DENIED";
    public const string RateLimitExceeded = "RATE_LIMIT_EXCEEDED";
    public const string EnedisUnavailable = "ENEDIS_UNAVAILABLE";
    public const string EnedisError = "ENEDIS_ERROR";
    public const string NoData = "NO_DATA";
    public const string DateTooOld = "DATE_TOO_OLD";
    public const string PartialData = "PARTIAL_DATA";
    public const string ConsentRequired = "CONSENT_REQUIRED";
    public const string Forbidden = "FORBIDDEN";
    public const string Conflict = "CONFLICT";
    public const string NotFound = "NOT_FOUND";
    public const string InternalError = "INTERNAL_ERROR";

    /// <summary>Our own storage (Redis, PostgreSQL) is out of reach for the moment: 503 with Retry-After.</summary>
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
}
