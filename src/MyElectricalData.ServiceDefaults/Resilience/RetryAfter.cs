namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>Reads a response's <c>Retry-After</c> header as a delay from now.</summary>
public static class RetryAfter
{
    public static TimeSpan? DelayOf(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta >= TimeSpan.Zero ? delta : null;
        }

        if (header?.Date is { } date)
        {
            // A date already past (or clock skew) means "now", not "ignore the server and back off".
            var delay = date - time.GetUtcNow();
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }
}
