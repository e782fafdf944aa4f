using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Enedis.Errors;

namespace MyElectricalData.Tests.Enedis;

/// <summary>Every error of SPEC §5, from Enedis' answer to the gateway's status and code.</summary>
public sealed class ErrorMappingTests
{
    [Theory]
    [InlineData(400, "invalid_request", EnedisErrorKind.InvalidRequest, 400, "invalid_request")]
    [InlineData(400, "ADAM-DC-0015", EnedisErrorKind.InvalidRequest, 400, "ADAM-DC-0015")]
    [InlineData(400, "ADAM-DC-0016", EnedisErrorKind.TooOld, 400, "DATE_TOO_OLD")]
    [InlineData(400, "ADAM-ERR0125", EnedisErrorKind.TooOld, 400, "DATE_TOO_OLD")]
    [InlineData(400, "ADAM-ERR0069", EnedisErrorKind.WrongMeterKind, 400, "ADAM-ERR0069")]
    [InlineData(403, "ADAM-DC-0007", EnedisErrorKind.NotOwner, 403, "ADAM-DC-0007")]
    [InlineData(403, "ADAM-DC-0008", EnedisErrorKind.ConsentRequired, 403, "CONSENT_REQUIRED")]
    [InlineData(403, "ADAM-DC-0009", EnedisErrorKind.BeforeConsent, 403, "ADAM-DC-0009")]
    [InlineData(404, "STM-ERR-0000014", EnedisErrorKind.NoData, 404, "NO_DATA")]
    [InlineData(404, "STM-ERR-0000020", EnedisErrorKind.NoData, 404, "NO_DATA")]
    [InlineData(404, "no_data_found", EnedisErrorKind.NoData, 404, "NO_DATA")]
    [InlineData(404, "STM-ERR-0000019", EnedisErrorKind.UnknownUsagePoint, 404, "STM-ERR-0000019")]
    [InlineData(429, "Quota Q3 reached", EnedisErrorKind.QuotaExceeded, 429, "RATE_LIMIT_EXCEEDED")]
    [InlineData(429, "Quota Q4 reached", EnedisErrorKind.QuotaExceeded, 429, "RATE_LIMIT_EXCEEDED")]
    [InlineData(500, "ADAM-DC-0500", EnedisErrorKind.Unavailable, 502, "ENEDIS_UNAVAILABLE")]
    [InlineData(500, "STM-ERR-0000001", EnedisErrorKind.Unavailable, 502, "ENEDIS_UNAVAILABLE")]
    [InlineData(503, null, EnedisErrorKind.Unavailable, 502, "ENEDIS_UNAVAILABLE")]
    [InlineData(400, "invalid_grant", EnedisErrorKind.Unauthorized, 502, "ENEDIS_ERROR")]
    [InlineData(401, "unauthorized", EnedisErrorKind.Unauthorized, 502, "ENEDIS_ERROR")]
    public void EachEnedisErrorBecomesOneGatewayError(int status, string? code, EnedisErrorKind kind, int apiStatus, string apiCode)
    {
        var error = EnedisErrorClassifier.Classify(status, code, "description");
        var api = EnedisErrorMapping.ToApiError(error);

        error.Kind.ShouldBe(kind);
        error.Code.ShouldBe(code);
        api.Status.ShouldBe(apiStatus);
        api.Code.ShouldBe(apiCode);
        api.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void QuotaErrorsTellWhenToComeBack()
    {
        var api = EnedisErrorMapping.ToApiError(EnedisErrorClassifier.Classify(429, "Quota Q3 reached", null, TimeSpan.FromSeconds(2.2)));

        api.RetryAfterSeconds.ShouldBe(3);
    }

    [Fact]
    public void OurOwnBudgetRunningOutIsAClearServiceUnavailable()
    {
        var api = EnedisErrorMapping.ToApiError(new EnedisException(EnedisErrorKind.BudgetExhausted, null, "no slot", retryAfter: TimeSpan.FromSeconds(1)));

        api.Status.ShouldBe(503);
        api.Code.ShouldBe("ENEDIS_UNAVAILABLE");
        api.RetryAfterSeconds.ShouldBe(1);
    }

    [Fact]
    public void AnEnedisThatDidNotAnswerIsAServiceUnavailableWithARetryHint()
    {
        var timedOut = EnedisErrorMapping.ToApiError(EnedisErrorClassifier.Classify(new Polly.Timeout.TimeoutRejectedException()));
        var paused = EnedisErrorMapping.ToApiError(EnedisErrorClassifier.Classify(new Polly.CircuitBreaker.BrokenCircuitException("paused", TimeSpan.FromSeconds(6.5))));

        timedOut.Status.ShouldBe(503);
        timedOut.Code.ShouldBe("ENEDIS_UNAVAILABLE");
        timedOut.RetryAfterSeconds.ShouldBe(EnedisErrorMapping.UnansweredRetryAfterSeconds);
        paused.Status.ShouldBe(503);
        paused.Code.ShouldBe("ENEDIS_UNAVAILABLE");
        paused.RetryAfterSeconds.ShouldBe(7);
    }

    [Theory]
    [InlineData(400, "invalid_grant", EnedisErrorKind.InvalidConsentCode)]
    [InlineData(400, "invalid_request", EnedisErrorKind.InvalidConsentCode)]
    [InlineData(401, "Unauthorized", EnedisErrorKind.InvalidConsentCode)]
    [InlineData(400, "unsupported_grant_type", EnedisErrorKind.InvalidRequest)]
    [InlineData(500, null, EnedisErrorKind.Unavailable)]
    [InlineData(503, null, EnedisErrorKind.Unavailable)]
    public void TheTokenEndpointRefusingAConsentCodeIsAnInvalidConsentCode(int status, string? code, EnedisErrorKind kind)
    {
        var answer = new MyElectricalData.Enedis.Generated.Token.Models.EnedisError { Error = code, ErrorDescription = "description", ResponseStatusCode = status };

        var error = EnedisErrorClassifier.ClassifyCodeExchange(answer);

        error.Kind.ShouldBe(kind);
        error.Code.ShouldBe(code);
        error.Status.ShouldBe(status);
    }

    [Fact]
    public void TheBudgetRefusingASlotIsOurOwnBudgetRunningOutWithItsRetryTime()
    {
        // What Polly's rate limiter strategy throws when the budget's lease is refused (EnedisBudgetLimiter).
        var refused = EnedisErrorClassifier.Classify(new Polly.RateLimiting.RateLimiterRejectedException(TimeSpan.FromSeconds(2)));
        var api = EnedisErrorMapping.ToApiError(refused);

        refused.Kind.ShouldBe(EnedisErrorKind.BudgetExhausted);
        refused.RetryAfter.ShouldBe(TimeSpan.FromSeconds(2));
        api.Status.ShouldBe(503);
        api.RetryAfterSeconds.ShouldBe(2);
    }

    [Fact]
    public void AnAnswerKiotaCouldNotParseIsABadResponseNotAnErrorAnswer()
    {
        // Kiota 2's shape: the parser's exception inside an ApiException that carries the answer's 200.
        var unreadable = new Microsoft.Kiota.Abstractions.ApiException("The response could not be deserialized.", new System.Text.Json.JsonException("cut"))
        {
            ResponseStatusCode = 200,
        };

        EnedisErrorClassifier.Classify(unreadable).Kind.ShouldBe(EnedisErrorKind.BadResponse);
    }

    [Theory]
    [InlineData(typeof(HttpRequestException), EnedisErrorKind.Unavailable)]
    [InlineData(typeof(Polly.Timeout.TimeoutRejectedException), EnedisErrorKind.Unavailable)]
    [InlineData(typeof(System.Text.Json.JsonException), EnedisErrorKind.BadResponse)]
    public void TransportFailuresAreClassified(Type exception, EnedisErrorKind kind)
    {
        EnedisErrorClassifier.Classify((Exception)Activator.CreateInstance(exception)!).Kind.ShouldBe(kind);
    }
}
