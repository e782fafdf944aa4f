using System.Diagnostics;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace MyElectricalData.Enedis.Resilience;

/// <summary>
/// The circuit breaker of the Enedis pipeline: it pauses calls to one endpoint family when Enedis is failing
/// there for many meters, never because one meter (one user) keeps failing.
/// <para>
/// Polly's breaker counts calls. On a gateway where each user asks about their own meter, that let one broken
/// meter, retried, open the circuit for every user (finding 9). This breaker keeps, per endpoint family (the API
/// product: the first segment of the path, <c>metering_data_dc</c>, <c>metering_data_clc</c>,
/// <c>customers_upc</c>...), the latest outcome of each usage point (the request's <c>usage_point_id</c>) seen in
/// the last <see cref="SamplingDuration"/>. The family's circuit opens when at least
/// <see cref="EnedisOptions.CircuitMinUsagePoints"/> distinct usage points are failing and they are at least
/// <see cref="FailureRatio"/> of those seen. Fewer failing meters are their owners' own answer (the mapped Enedis
/// error after the retries); everybody else's calls go on.
/// </para>
/// <para>
/// Open, it answers at once with <see cref="BrokenCircuitException"/> carrying the time left (ENEDIS_UNAVAILABLE,
/// 503 with Retry-After), which the retry does not retry. After <see cref="EnedisOptions.CircuitBreakDuration"/>
/// it closes with an empty window rather than trying a single probe: a probe would be somebody's meter, and one
/// broken meter must not keep everyone's circuit open. If Enedis is still down, the next
/// <see cref="EnedisOptions.CircuitMinUsagePoints"/> failing meters open it again.
/// </para>
/// <para>
/// A failure is what Enedis did wrong: a 5xx, a network error, an attempt timeout. Any other answer (2xx, 4xx,
/// 429) is a success. What is not Enedis' doing counts as neither: the caller giving up, the total timeout, our own
/// budget or Redis. It sits outside the budget's rate limiter, so an open circuit takes no budget slot and waits for none.
/// State is per process, like Polly's; it must not know about users, only usage point ids.
/// </para>
/// </summary>
internal sealed partial class EnedisCircuitBreaker(EnedisOptions options, TimeProvider time, ILogger logger) : ResilienceStrategy<HttpResponseMessage>
{
    public const double FailureRatio = 0.5;

    public static readonly TimeSpan SamplingDuration = TimeSpan.FromSeconds(30);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Family> _families = new(StringComparer.Ordinal);

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
    {
        var (familyName, usagePoint) = Describe(context.GetRequestMessage()?.RequestUri);
        var family = _families.GetOrAdd(familyName, _ => new Family());
        if (family.RemainingBreak(time.GetTimestamp(), time.TimestampFrequency) is { } remaining)
        {
            return Outcome.FromException<HttpResponseMessage>(new BrokenCircuitException(
                $"Enedis' {familyName} endpoint is failing for many usage points; calls to it are paused for {remaining.TotalSeconds:0} s.", remaining));
        }

        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);

        if (IsFailure(outcome) is { } failed && family.Record(usagePoint, failed, time.GetTimestamp(), time.TimestampFrequency, options))
        {
            EnedisTelemetry.CircuitOpened.Add(1, new KeyValuePair<string, object?>("endpoint", familyName));
            Activity.Current?.AddEvent(new ActivityEvent("enedis.circuit.opened", tags: new ActivityTagsCollection { ["endpoint"] = familyName }));
            LogOpened(logger, familyName, options.CircuitMinUsagePoints, options.CircuitBreakDuration.TotalSeconds);
        }
        return outcome;
    }

    /// <summary>True for Enedis' failures, false for its answers, null for what says nothing about Enedis.</summary>
    private static bool? IsFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: null, Result: { } response } => (int)response.StatusCode >= 500,
        { Exception: { } } when HttpClientResiliencePredicates.IsTransient(outcome) => true,
        _ => null,
    };

    private static (string Family, string UsagePoint) Describe(Uri? uri)
    {
        if (uri is not { IsAbsoluteUri: true })
        {
            return ("", "");
        }
        var family = uri.AbsolutePath.TrimStart('/').Split('/', 2)[0];
        var usagePoint = System.Web.HttpUtility.ParseQueryString(uri.Query)["usage_point_id"] ?? "";
        return (family, usagePoint);
    }

    /// <summary>One endpoint family: the latest outcome per usage point in the window, and until when it is open.</summary>
    private sealed class Family
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (bool Failed, long At)> _latest = new(StringComparer.Ordinal);
        private long _openUntil;

        public TimeSpan? RemainingBreak(long now, long frequency)
        {
            lock (_gate)
            {
                if (_openUntil == 0)
                {
                    return null;
                }
                if (now < _openUntil)
                {
                    return TimeSpan.FromSeconds((double)(_openUntil - now) / frequency);
                }
                _openUntil = 0;
                _latest.Clear();
                return null;
            }
        }

        /// <summary>Records one attempt's outcome; true when this failure opened the circuit.</summary>
        public bool Record(string usagePoint, bool failed, long now, long frequency, EnedisOptions options)
        {
            lock (_gate)
            {
                if (_openUntil != 0)
                {
                    if (now < _openUntil)
                    {
                        // Attempts let through before it opened: their outcome belongs to the window that opened it.
                        return false;
                    }
                    _openUntil = 0;
                    _latest.Clear();
                }
                _latest[usagePoint] = (failed, now);
                if (!failed)
                {
                    return false;
                }
                var oldest = now - (long)(SamplingDuration.TotalSeconds * frequency);
                var failing = 0;
                foreach (var (key, latest) in _latest)
                {
                    if (latest.At < oldest)
                    {
                        _latest.Remove(key);
                    }
                    else if (latest.Failed)
                    {
                        failing++;
                    }
                }
                if (failing < options.CircuitMinUsagePoints || failing < FailureRatio * _latest.Count)
                {
                    return false;
                }
                _openUntil = now + (long)(options.CircuitBreakDuration.TotalSeconds * frequency);
                _latest.Clear();
                return true;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Enedis circuit opened for {Endpoint}: at least {UsagePoints} usage points failing; calls to it fail fast for {BreakSeconds} s")]
    private static partial void LogOpened(ILogger logger, string endpoint, int usagePoints, double breakSeconds);
}
