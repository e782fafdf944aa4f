// Owns: Enedis' company-wide quotas over the data endpoints: Q3 (calls per sliding second) and Q4 (per sliding
// hour). Only admitted calls count, as a refused call costs Enedis nothing.
using Microsoft.Extensions.Options;
using MyElectricalData.EnedisSandbox.Errors;

namespace MyElectricalData.EnedisSandbox.Quota;

internal sealed class QuotaLimiter(TimeProvider time, IOptions<SandboxOptions> options)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();

    // Admission times, oldest first, of the last second and of the last hour.
    private readonly Queue<DateTimeOffset> _lastSecond = new();
    private readonly Queue<DateTimeOffset> _lastHour = new();

    /// <summary>Admits the call, or says which quota refuses it and when calls are allowed again.</summary>
    public EnedisError? TryAdmit()
    {
        var perSecond = options.Value.RatePerSecond;
        var perHour = options.Value.RatePerHour;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Forget(_lastSecond, now - Second);
            Forget(_lastHour, now - Hour);
            if (_lastSecond.Count >= perSecond)
            {
                // The window slides: one more call is allowed when the oldest admission in it leaves.
                return EnedisError.QuotaPerSecond(perSecond, _lastSecond.ElementAt(_lastSecond.Count - perSecond) + Second);
            }

            if (_lastHour.Count >= perHour)
            {
                return EnedisError.QuotaPerHour(perHour, _lastHour.ElementAt(_lastHour.Count - perHour) + Hour);
            }

            _lastSecond.Enqueue(now);
            _lastHour.Enqueue(now);
            return null;
        }
    }

    /// <summary>Forgets every admission: both windows start empty, as after a long quiet spell.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _lastSecond.Clear();
            _lastHour.Clear();
        }
    }

    private static void Forget(Queue<DateTimeOffset> admissions, DateTimeOffset olderThanOrAt)
    {
        while (admissions.Count > 0 && admissions.Peek() <= olderThanOrAt)
        {
            admissions.Dequeue();
        }
    }
}

/// <summary>Answers 429 with Retry-After (whole seconds) when a quota is reached; admits the call otherwise.</summary>
internal sealed class QuotaFilter(QuotaLimiter limiter, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (limiter.TryAdmit() is not { } refusal)
        {
            return await next(context);
        }

        var wait = (refusal.NextAccessTime ?? time.GetUtcNow()) - time.GetUtcNow();
        context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return refusal.ToResult();
    }
}
