using System.Text.Json;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MyElectricalData.Enedis.Errors;

namespace MyElectricalData.Api.Infrastructure;

/// <summary>
/// The one place where failures become HTTP: returned <see cref="ApiError"/>s, thrown ones, framework
/// rejections (malformed JSON, wrong content type, oversized bodies, unknown routes, auth challenges), our own
/// storage being out of reach (Redis, PostgreSQL: 503 with Retry-After, wherever the request met it, authentication
/// and quota counting included) and unexpected exceptions all leave as the envelope with a real status.
/// Bad input is refused at the edge (<see cref="ControlCharacters"/>, date bounds, formats) before it reaches the
/// database: a database error (e.g. PostgreSQL's 22021 on a NUL) is deliberately not turned into a 400 here, it stays
/// a logged 500 that the bad-input sweep catches as a missing edge check (docs/adr/0009-bad-input-refused-at-the-edge.md).
/// </summary>
public sealed partial class ErrorResponses(RequestDelegate next, ILogger<ErrorResponses> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiErrorException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, e.Error);
            return;
        }
        catch (EnedisException e) when (!context.Response.HasStarted)
        {
            LogEnedisFailure(logger, context.Request.Method, context.Request.Path, e.Kind.ToString(), e.Code, e.Status);
            await WriteAsync(context, EnedisErrorMapping.ToApiError(e));
            return;
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, FromBadRequest(e));
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && StorageOutage(e) is { } store)
        {
            LogStorageOutage(logger, context.Request.Method, context.Request.Path, store, e.GetType().Name);
            await WriteAsync(context, new ApiError(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable,
                "Le service est momentanément indisponible ; réessayez dans un instant.")
            { RetryAfterSeconds = StorageRetryAfterSeconds });
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnhandled(logger, context.Request.Method, context.Request.Path, e);
            await WriteAsync(context, new ApiError(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError,
                $"Erreur interne. Référence : {context.TraceIdentifier}"));
            return;
        }

        // Framework answers without a body (401/403 challenges, unmatched routes, 405, 415) get the envelope too.
        if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null
            && context.Response.ContentType is null && IsApi(context))
        {
            await WriteAsync(context, FromStatus(context.Response.StatusCode));
        }
    }

    /// <summary>How soon to come back after a storage outage: a restarted Redis or PostgreSQL is back within seconds.</summary>
    public const int StorageRetryAfterSeconds = 5;

    /// <summary>
    /// "redis" or "postgresql" when the failure is that store being unreachable or overwhelmed (anywhere in the chain:
    /// EF Core wraps what its retries gave up on), otherwise null. Not a Redis command misuse, not a SQL error: bugs stay 500s.
    /// </summary>
    private static string? StorageOutage(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case StackExchange.Redis.RedisException or StackExchange.Redis.RedisTimeoutException:
                    return "redis";
                case Npgsql.NpgsqlException { IsTransient: true }:
                    return "postgresql";
                default:
                    break;
            }
        }
        return null;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        context.Response.StatusCode = error.Status;
        var json = context.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions ?? JsonSerializerOptions.Web;
        return context.Response.WriteAsJsonAsync(Prepare(context, error), json);
    }

    /// <summary>The headers of <paramref name="error"/> set on the response, and the body it leaves with on this endpoint.</summary>
    private static object Prepare(HttpContext context, ApiError error)
    {
        context.Response.Headers.CacheControl = "no-store";
        foreach (var (name, value) in error.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }
        if (error.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        // Routes kept for older clients (the legacy v1 API) declare the error body those clients parse.
        return context.GetEndpoint()?.Metadata.GetMetadata<IErrorBodyShape>() is { } shape ? shape.Body(error) : Envelope.Failure(error);
    }

    /// <summary>
    /// FastEndpoints' validation and binding failures (its <c>Errors.ResponseBuilder</c>): the first failure, as one
    /// <see cref="ApiError"/>. A validator names its own code with <c>WithErrorCode</c> (e.g. <c>DATE_TOO_OLD</c>); the
    /// framework's codes (<c>NotEmptyValidator</c>, ...) are plain validation errors.
    /// </summary>
    public static object FromValidationFailures(List<ValidationFailure> failures, HttpContext context, int status)
    {
        var first = failures[0];
        var field = first.PropertyName is { Length: > 0 } name && name != GeneralErrors ? name : null;
        var code = first.ErrorCode is { Length: > 0 } own && IsOwnCode(own) ? own : ErrorCodes.ValidationError;
        return Prepare(context, new ApiError(status, code, first.ErrorMessage, field));
    }

    /// <summary>A request body that is not the JSON its endpoint reads (FastEndpoints' <c>Binding.JsonExceptionTransformer</c>).</summary>
    public static ValidationFailure FromJsonException(JsonException e)
    {
        var field = FieldOf(e.Path);
        var message = e is ControlCharacterJsonException ? ControlCharacters.Refused(field).Message : JsonMessage(e);
        return new ValidationFailure(field ?? GeneralErrors, message);
    }

    public const string GeneralErrors = "GeneralErrors";

    private static bool IsOwnCode(string code) => code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    private static ApiError FromBadRequest(BadHttpRequestException e) => e.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType => FromStatus(e.StatusCode),
        _ when e.InnerException is ControlCharacterJsonException json => ControlCharacters.Refused(FieldOf(json.Path)),
        _ when e.InnerException is JsonException json => ApiError.Validation(FieldOf(json.Path), JsonMessage(json)),
        _ => ApiError.Validation(null, e.Message),
    };

    private static string JsonMessage(JsonException json) => json.Path is { Length: > 1 }
        ? $"Valeur invalide pour '{FieldOf(json.Path)}'."
        : "Le corps de la requête n'est pas un JSON valide.";

    /// <summary>"$.pdl_orders[0].order" -> "pdl_orders[0].order".</summary>
    private static string? FieldOf(string? path) => path is { Length: > 2 } ? path.TrimStart('$', '.') : null;

    private static ApiError FromStatus(int status) => status switch
    {
        401 => ApiError.Unauthorized(ErrorCodes.InvalidToken, "Authentification requise."),
        403 => ApiError.Forbidden("Accès refusé.", ErrorCodes.AccessDenied),
        404 => ApiError.NotFound(ErrorCodes.NotFound, "Ressource introuvable."),
        405 => new ApiError(405, ErrorCodes.ValidationError, "Méthode non autorisée pour cette ressource."),
        413 => new ApiError(413, ErrorCodes.ValidationError, "Le corps de la requête est trop volumineux."),
        415 => new ApiError(415, ErrorCodes.ValidationError, "Le corps de la requête doit être du JSON (Content-Type: application/json)."),
        429 => new ApiError(429, ErrorCodes.RateLimitExceeded, "Trop de requêtes."),
        _ => new ApiError(status, ErrorCodes.InternalError, "La requête n'a pas pu aboutir."),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Enedis call failed on {Method} {Path}: {Kind} (code {Code}, HTTP {Status})")]
    private static partial void LogEnedisFailure(ILogger logger, string method, string path, string kind, string? code, int? status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable on {Method} {Path}: {Store} ({ExceptionType})")]
    private static partial void LogStorageOutage(ILogger logger, string method, string path, string store, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
}

/// <summary>
/// Endpoint metadata replacing the envelope with another error body on that endpoint (statuses, headers and
/// the error kinds stay those of <see cref="ApiError"/>: one mapping, two spellings).
/// </summary>
public interface IErrorBodyShape
{
    object Body(ApiError error);
}
