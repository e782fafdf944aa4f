using System.Net;
using Microsoft.Extensions.Logging;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>
/// Log events of the standard pipeline. A request is only ever described by method, host and path: headers and
/// query strings may carry tokens or personal data.
/// </summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(1, LogLevel.Warning,
        "HTTP client {ClientName}: {Method} {Host}{Path} attempt {Attempt} got {StatusCode}; retrying in {DelayMs} ms")]
    public static partial void RetryingAfterStatus(
        ILogger logger, string clientName, string method, string host, string path, int attempt, HttpStatusCode statusCode, double delayMs);

    [LoggerMessage(2, LogLevel.Warning,
        "HTTP client {ClientName}: {Method} {Host}{Path} attempt {Attempt} failed with {ExceptionType}; retrying in {DelayMs} ms")]
    public static partial void RetryingAfterException(
        ILogger logger, string clientName, string method, string host, string path, int attempt, string exceptionType, double delayMs);

    [LoggerMessage(3, LogLevel.Warning,
        "HTTP client {ClientName}: circuit opened for {BreakMs} ms, requests fail fast until then")]
    public static partial void CircuitOpened(ILogger logger, string clientName, double breakMs);

    public static void Retrying(ILogger logger, string clientName, HttpRequestMessage? request, Polly.Outcome<HttpResponseMessage> outcome, int attempt, TimeSpan delay)
    {
        var method = request?.Method.Method ?? "?";
        var uri = request?.RequestUri;
        // Authority is host[:port], never user info; AbsolutePath leaves the query string out.
        var host = uri is { IsAbsoluteUri: true } ? uri.Authority : "";
        var path = uri is { IsAbsoluteUri: true } ? uri.AbsolutePath : "";

        if (outcome.Result is { } response)
        {
            RetryingAfterStatus(logger, clientName, method, host, path, attempt, response.StatusCode, delay.TotalMilliseconds);
        }
        else
        {
            RetryingAfterException(logger, clientName, method, host, path, attempt, outcome.Exception?.GetType().Name ?? "?", delay.TotalMilliseconds);
        }
    }
}
