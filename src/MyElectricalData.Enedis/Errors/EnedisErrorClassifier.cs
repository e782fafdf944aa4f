using System.Text.Json;
using Microsoft.Kiota.Abstractions;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using StackExchange.Redis;

namespace MyElectricalData.Enedis.Errors;

/// <summary>Turns whatever a call to Enedis threw into an <see cref="EnedisException"/>.</summary>
public static class EnedisErrorClassifier
{
    public static EnedisException Classify(int status, string? code, string? description, TimeSpan? retryAfter = null)
    {
        var message = string.IsNullOrWhiteSpace(description) ? code ?? $"HTTP {status}" : description;
        var kind = (status, code) switch
        {
            (_, "ADAM-DC-0008") => EnedisErrorKind.ConsentRequired,
            (_, "ADAM-DC-0007") => EnedisErrorKind.NotOwner,
            (_, "ADAM-DC-0009") => EnedisErrorKind.BeforeConsent,
            (_, "ADAM-DC-0016" or "ADAM-ERR0125") => EnedisErrorKind.TooOld,
            (_, "ADAM-ERR0069") => EnedisErrorKind.WrongMeterKind,
            (_, "STM-ERR-0000019") => EnedisErrorKind.UnknownUsagePoint,
            (_, "no_data_found" or "STM-ERR-0000014" or "STM-ERR-0000020") => EnedisErrorKind.NoData,
            (429, _) => EnedisErrorKind.QuotaExceeded,
            (_, { } c) when c.StartsWith("Quota", StringComparison.OrdinalIgnoreCase) => EnedisErrorKind.QuotaExceeded,
            (401, _) or (_, "invalid_grant" or "invalid_client" or "unauthorized") => EnedisErrorKind.Unauthorized,
            (404, _) => EnedisErrorKind.NoData,
            ( >= 500, _) => EnedisErrorKind.Unavailable,
            (403, _) => EnedisErrorKind.ConsentRequired,
            _ => EnedisErrorKind.InvalidRequest,
        };
        return new EnedisException(kind, code, message, status, retryAfter);
    }

    /// <summary>
    /// False for what is not Enedis' doing and must reach the caller as it is: the caller's own cancellation, and
    /// Redis failing (the budget and the token live there), which the API answers as its own outage, not Enedis'.
    /// </summary>
    public static bool IsAboutEnedis(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        RedisException or RedisTimeoutException => false,
        _ => true,
    };

    public static EnedisException Classify(Exception exception) => exception switch
    {
        EnedisException known => known,
        // Kiota 2 wraps a body it could not parse in an ApiException (with the answer's 2xx status): not an error
        // answer of Enedis, a broken one.
        ApiException { InnerException: JsonException or FormatException } unreadable => BadResponse(unreadable),
        ApiException api => FromApi(api),
        // Only the Enedis pipeline has a rate limiter, and it is the deployment-wide budget (EnedisBudgetLimiter).
        RateLimiterRejectedException rejected => new EnedisException(EnedisErrorKind.BudgetExhausted, null,
            "Enedis' request budget is used up for the moment (no slot within what is left of the call's time).", null,
            rejected.RetryAfter ?? TimeSpan.FromSeconds(1), rejected),
        BrokenCircuitException broken => new EnedisException(EnedisErrorKind.Unavailable, null,
            "Enedis is failing repeatedly; calls are paused for a moment.", null, broken.RetryAfter, broken),
        TimeoutRejectedException timeout => new EnedisException(EnedisErrorKind.Unavailable, null, "Enedis did not answer in time.", null, null, timeout),
        HttpRequestException network => new EnedisException(EnedisErrorKind.Unavailable, null, "Enedis could not be reached.", null, null, network),
        JsonException or FormatException => BadResponse(exception),
        _ => new EnedisException(EnedisErrorKind.Unavailable, null, "Calling Enedis failed.", null, null, exception),
    };

    /// <summary>
    /// As <see cref="Classify(Exception)"/>, for the exchange of a consent's code at the token endpoint: a refusal
    /// (400 invalid_grant or invalid_request, 401) is <see cref="EnedisErrorKind.InvalidConsentCode"/>, whatever
    /// the credentials-oriented reading of those codes elsewhere.
    /// </summary>
    public static EnedisException ClassifyCodeExchange(Exception exception)
    {
        var error = Classify(exception);
        return (error.Status, error.Code) is (401, _) or (400, "invalid_grant" or "invalid_request")
            ? new EnedisException(EnedisErrorKind.InvalidConsentCode, error.Code, error.Message, error.Status, null, exception)
            : error;
    }

    private static EnedisException BadResponse(Exception exception) =>
        new(EnedisErrorKind.BadResponse, null, "Enedis sent an answer that could not be read.", null, null, exception);

    private static EnedisException FromApi(ApiException api)
    {
        var classified = Classify(api.ResponseStatusCode, ErrorField(api, "Error"), ErrorField(api, "ErrorDescription"), RetryAfterOf(api));
        return new EnedisException(classified.Kind, classified.Code, classified.Message, classified.Status, classified.RetryAfter, api);
    }

    // Each generated family has its own EnedisError model with the same properties.
    private static string? ErrorField(ApiException exception, string property) =>
        exception.GetType().GetProperty(property)?.GetValue(exception) as string;

    private static TimeSpan? RetryAfterOf(ApiException exception) =>
        exception.ResponseHeaders.TryGetValue("Retry-After", out var values) && values.FirstOrDefault() is { } value
            && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
