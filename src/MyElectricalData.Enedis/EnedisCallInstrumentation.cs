using System.Diagnostics;
using MyElectricalData.Enedis.Errors;

namespace MyElectricalData.Enedis;

/// <summary>
/// The one place a typed Enedis call is instrumented: its client span (<c>enedis {endpoint}</c>), the
/// <c>enedis.requests</c> count and the <c>enedis.request.duration</c> histogram, both tagged with the endpoint and
/// the outcome (<c>ok</c>, or the error kind), and the classification of its failure into an
/// <see cref="EnedisException"/> (kind and code on the span too). A cancellation by the caller is not Enedis'
/// failure: it is counted as it stands (outcome ok) and rethrown as is.
/// </summary>
internal static class EnedisCallInstrumentation
{
    /// <summary>
    /// Runs <paramref name="call"/> (given the span, null when nobody listens, to tag what it knows: days, usage points);
    /// <paramref name="classify"/> maps its failure to an <see cref="EnedisException"/> (by default the classifier's
    /// mapping of data calls).
    /// </summary>
    public static async Task<T> RunAsync<T>(string endpoint, Func<Activity?, Task<T>> call, CancellationToken cancellationToken,
        Func<Exception, EnedisException>? classify = null)
    {
        using var activity = EnedisTelemetry.Source.StartActivity($"enedis {endpoint}", ActivityKind.Client);
        activity?.SetTag("enedis.endpoint", endpoint);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await call(activity);
        }
        catch (Exception e) when (EnedisErrorClassifier.IsAboutEnedis(e, cancellationToken))
        {
            var error = (classify ?? EnedisErrorClassifier.Classify)(e);
            outcome = error.Kind.ToString();
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            activity?.SetTag("enedis.error_kind", error.Kind.ToString());
            activity?.SetTag("enedis.error_code", error.Code);
            throw error;
        }
        finally
        {
            var tags = new TagList { { "endpoint", endpoint }, { "outcome", outcome } };
            EnedisTelemetry.Requests.Add(1, tags);
            EnedisTelemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
        }
    }
}
