using System.Diagnostics;
using Microsoft.Extensions.Options;
using MyElectricalData.Enedis.Errors;
using StackExchange.Redis;

namespace MyElectricalData.Enedis.Budget;

/// <summary>Who is asking: interactive API traffic, or background work (pre-warming) that must leave it room.</summary>
public enum EnedisPriority
{
    Interactive,
    Background,
}

/// <summary>The priority of the calls made in the current async flow (the worker sets Background around its runs).</summary>
public static class EnedisCallPriority
{
    private static readonly AsyncLocal<EnedisPriority?> Current = new();

    public static EnedisPriority Value => Current.Value ?? EnedisPriority.Interactive;

    public static IDisposable Background() => new Scope(EnedisPriority.Background);

    private sealed class Scope : IDisposable
    {
        private readonly EnedisPriority? _previous = Current.Value;

        public Scope(EnedisPriority priority) => Current.Value = priority;

        public void Dispose() => Current.Value = _previous;
    }
}

/// <summary>
/// Enedis' quota is per company (5 calls/s, 10,000/h), so the budget is kept in Redis and shared by every API
/// replica and the worker: one atomic script keeps a sliding-window log of admitted calls (Redis' own clock,
/// so replicas' clocks do not matter) and either admits a call or says how long until a slot frees.
/// Background callers may only use the budget minus the share reserved for interactive traffic, except while
/// no interactive call has been admitted for <see cref="InteractiveIdle"/>.
/// Within a process, waiters queue in order (first come, first served) so that nobody starves.
/// </summary>
public sealed class EnedisBudget(IConnectionMultiplexer redis, IOptions<EnedisOptions> options, TimeProvider time)
{
    public const string SecondKey = "enedis:budget:second";
    public const string HourKey = "enedis:budget:hour";

    /// <summary>Present while interactive calls were admitted recently (expires after <see cref="InteractiveIdle"/>).</summary>
    public const string InteractiveKey = "enedis:budget:interactive";

    /// <summary>
    /// How long after the last interactive admission the reserve stays held back from background work. Idle
    /// reserve is lent to background work (pre-warming would otherwise never use the full quota); an
    /// interactive caller arriving then waits at most one slot's spacing, after which the reserve is its own again.
    /// </summary>
    public static readonly TimeSpan InteractiveIdle = TimeSpan.FromSeconds(2);

    // KEYS: second window, hour window, interactive marker. ARGV: limit/s for this priority, window ms, limit/h,
    // member, spacing ms, full limit/s (what background may use while no interactive call was seen), interactive
    // (1/0), interactive idle ms.
    // Returns 0 when admitted, otherwise the milliseconds to wait before asking again.
    // Admissions are also spaced evenly (window / budget): calls then leave one at a time instead of in bursts,
    // which keeps the jitter between admission and arrival at Enedis small and alike for every call.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local limit = tonumber(ARGV[1])
        if ARGV[7] == '0' and redis.call('EXISTS', KEYS[3]) == 0 then
          limit = tonumber(ARGV[6])
        end
        local window = tonumber(ARGV[2])
        local hourly = tonumber(ARGV[3])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 3600000)
        local count = redis.call('ZCARD', KEYS[1])
        local hour = redis.call('ZCARD', KEYS[2])
        local spacing = tonumber(ARGV[5])
        local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
        local spaced = last[2] == nil or now - tonumber(last[2]) >= spacing
        if count < limit and hour < hourly and spaced then
          redis.call('ZADD', KEYS[1], now, ARGV[4])
          redis.call('PEXPIRE', KEYS[1], window * 2)
          redis.call('ZADD', KEYS[2], now, ARGV[4])
          redis.call('PEXPIRE', KEYS[2], 3600000)
          if ARGV[7] == '1' then
            redis.call('SET', KEYS[3], '1', 'PX', tonumber(ARGV[8]))
          end
          return 0
        end
        local wait = 1
        if not spaced then
          wait = math.max(wait, tonumber(last[2]) + spacing - now)
        end
        if count >= limit then
          local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
          wait = math.max(wait, tonumber(oldest[2]) + window - now)
        end
        if hour >= hourly then
          local oldest = redis.call('ZRANGE', KEYS[2], hour - hourly, hour - hourly, 'WITHSCORES')
          wait = math.max(wait, tonumber(oldest[2]) + 3600000 - now)
        end
        return wait
        """;

    private readonly SemaphoreSlim[] _queues = [new(1, 1), new(1, 1)];

    /// <summary>Waits for a slot; throws <see cref="EnedisErrorKind.BudgetExhausted"/> past the wait bound.</summary>
    public async Task AcquireAsync(EnedisPriority priority, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = time.GetTimestamp();
        var queue = _queues[(int)priority];
        if (!await queue.WaitAsync(settings.MaxBudgetWait, cancellationToken))
        {
            throw Exhausted(settings.MaxBudgetWait);
        }
        try
        {
            var limit = priority == EnedisPriority.Interactive ? settings.RateLimit : Math.Max(1, settings.RateLimit - settings.InteractiveReserve);
            // Slots are held a little longer than a second: calls admitted here reach Enedis a few ms later, unevenly.
            var window = 1000 + (int)settings.WindowMargin.TotalMilliseconds;
            // A little under window / budget: even spacing without chaining each call's overhead onto the next
            // (the sliding window, not the spacing, sets the sustained rate).
            var spacing = window * 4 / (5 * settings.RateLimit);
            while (true)
            {
                var wait = (long)await redis.GetDatabase().ScriptEvaluateAsync(Script, [SecondKey, HourKey, InteractiveKey],
                    [limit, window, settings.HourlyLimit, Guid.NewGuid().ToString("N"), spacing, settings.RateLimit,
                        priority == EnedisPriority.Interactive ? 1 : 0, (long)InteractiveIdle.TotalMilliseconds]);
                if (wait == 0)
                {
                    EnedisTelemetry.BudgetWait.Record(time.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("priority", priority.ToString()));
                    return;
                }
                var elapsed = time.GetElapsedTime(started);
                if (elapsed + TimeSpan.FromMilliseconds(wait) > settings.MaxBudgetWait)
                {
                    throw Exhausted(settings.MaxBudgetWait);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(wait), time, cancellationToken);
            }
        }
        finally
        {
            queue.Release();
        }
    }

    private static EnedisException Exhausted(TimeSpan bound)
    {
        Activity.Current?.SetTag("enedis.budget", "exhausted");
        return new EnedisException(EnedisErrorKind.BudgetExhausted, null,
            $"Enedis' request budget is used up for the moment (no slot within {bound.TotalSeconds:0} s).", null, TimeSpan.FromSeconds(1));
    }
}
