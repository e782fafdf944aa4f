using Polly;
using Polly.Timeout;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>
/// The one definition of "worth trying again" shared by the retry and the circuit breaker, so that what is
/// retried is also what counts against the remote service's health.
/// </summary>
public static class HttpTransientFailure
{
    public static bool Is(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    private static bool IsTransient(System.Net.HttpStatusCode status) =>
        (int)status >= 500 || status is System.Net.HttpStatusCode.RequestTimeout or System.Net.HttpStatusCode.TooManyRequests;
}
