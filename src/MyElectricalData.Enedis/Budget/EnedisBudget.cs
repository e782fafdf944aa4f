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

/// <summary>A slot of the budget held by one call: its entry in the windows, and when it was asked for (local clock).</summary>
public readonly record struct BudgetAdmission(string Member, EnedisPriority Priority, long AskedAt);

/// <summary>
/// Enedis' quota is per company (5 calls/s, 10,000/h), so the budget is kept in Redis and shared by every API
/// replica and the worker: one atomic script keeps a sliding-window log of admitted calls (Redis' own clock,
/// so replicas' clocks do not matter) and either admits a call or says how long until a slot frees.
/// Background callers may hold at most the budget minus the share reserved for interactive traffic, except while
/// no interactive call has been admitted for <see cref="InteractiveIdle"/>.
/// Within a process, waiters queue in order (first come, first served) so that nobody starves.
/// An admission is only good for a call that leaves at once: <see cref="KeepFreshAsync"/>, just before the
/// request is written, gives back a slot that went stale and takes a new one.
/// </summary>
public sealed class EnedisBudget(IConnectionMultiplexer redis, IOptions<EnedisOptions> options, TimeProvider time)
{
    public const string SecondKey = "enedis:budget:second";
    public const string HourKey = "enedis:budget:hour";

    /// <summary>The background admissions of <see cref="SecondKey"/>: what counts against background's share.</summary>
    public const string BackgroundKey = "enedis:budget:second:background";

    /// <summary>Present while interactive calls were admitted recently (expires after <see cref="InteractiveIdle"/>).</summary>
    public const string InteractiveKey = "enedis:budget:interactive";

    /// <summary>
    /// How long after the last interactive admission the reserve stays held back from background work. Idle
    /// reserve is lent to background work (pre-warming would otherwise never use the full quota); an
    /// interactive caller arriving then waits at most one slot's spacing, after which the reserve is its own again.
    /// </summary>
    public static readonly TimeSpan InteractiveIdle = TimeSpan.FromSeconds(2);

    // KEYS: second window, hour window, interactive marker, background window. ARGV: background's share of a
    // window, window ms, limit/h, member, spacing ms, limit/s, interactive (1/0), interactive idle ms.
    // Returns 0 when admitted, otherwise the milliseconds to wait before asking again.
    // Admissions are also spaced evenly (window / budget): calls then leave one at a time instead of in bursts,
    // which keeps the jitter between admission and arrival at Enedis small and alike for every call.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local window = tonumber(ARGV[2])
        local limit = tonumber(ARGV[6])
        local hourly = tonumber(ARGV[3])
        local interactive = ARGV[7] == '1'
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - window)
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 3600000)
        local count = redis.call('ZCARD', KEYS[1])
        local hour = redis.call('ZCARD', KEYS[2])
        local share = limit
        local mine = count
        local own = KEYS[1]
        if not interactive and redis.call('EXISTS', KEYS[3]) == 1 then
          share = tonumber(ARGV[1])
          mine = redis.call('ZCARD', KEYS[4])
          own = KEYS[4]
        end
        local spacing = tonumber(ARGV[5])
        local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
        local spaced = last[2] == nil or now - tonumber(last[2]) >= spacing
        if count < limit and mine < share and hour < hourly and spaced then
          redis.call('ZADD', KEYS[1], now, ARGV[4])
          redis.call('PEXPIRE', KEYS[1], window * 2)
          redis.call('ZADD', KEYS[2], now, ARGV[4])
          redis.call('PEXPIRE', KEYS[2], 3600000)
          if interactive then
            redis.call('SET', KEYS[3], '1', 'PX', tonumber(ARGV[8]))
          else
            redis.call('ZADD', KEYS[4], now, ARGV[4])
            redis.call('PEXPIRE', KEYS[4], window * 2)
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
        if mine >= share then
          local oldest = redis.call('ZRANGE', own, mine - share, mine - share, 'WITHSCORES')
          wait = math.max(wait, tonumber(oldest[2]) + window - now)
        end
        if hour >= hourly then
          local oldest = redis.call('ZRANGE', KEYS[2], hour - hourly, hour - hourly, 'WITHSCORES')
          wait = math.max(wait, tonumber(oldest[2]) + 3600000 - now)
        end
        return wait
        """;

    private const string ReleaseScript = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        return 0
        """;

    private readonly SemaphoreSlim[] _queues = [new(1, 1), new(1, 1)];

    /// <summary>
    /// Waits for a slot; throws <see cref="EnedisErrorKind.BudgetExhausted"/> past the wait bound:
    /// <see cref="EnedisOptions.MaxBudgetWait"/>, or <paramref name="maxWait"/> when shorter (what is left of the call's time).
    /// </summary>
    public async Task<BudgetAdmission> AcquireAsync(EnedisPriority priority, CancellationToken cancellationToken, TimeSpan? maxWait = null)
    {
        var settings = options.Value;
        // A slot free at once is taken even with no time left to wait: only waiting is bounded.
        var bound = maxWait is { } shorter && shorter < settings.MaxBudgetWait ? TimeSpan.FromTicks(Math.Max(0, shorter.Ticks)) : settings.MaxBudgetWait;
        var started = time.GetTimestamp();
        var queue = _queues[(int)priority];
        if (!await queue.WaitAsync(bound, cancellationToken))
        {
            throw Exhausted(bound);
        }
        try
        {
            while (true)
            {
                var (admission, wait) = await TryAdmitAsync(priority, spaced: true);
                if (admission is { } admitted)
                {
                    EnedisTelemetry.BudgetWait.Record(time.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("priority", priority.ToString()));
                    return admitted;
                }
                var elapsed = time.GetElapsedTime(started);
                if (elapsed + wait > bound)
                {
                    throw Exhausted(bound);
                }
                await Task.Delay(wait, time, cancellationToken);
            }
        }
        finally
        {
            queue.Release();
        }
    }

    /// <summary>
    /// Called as the request leaves: an admission older than <see cref="EnedisOptions.SendTolerance"/> (the
    /// process paused, or a token had to be fetched) would reach Enedis late, in the same second as calls admitted
    /// after it, so its slot is given back and a new one taken. Measured from before the admission was asked for,
    /// so a delayed answer from Redis counts too.
    /// </summary>
    public async Task<BudgetAdmission> KeepFreshAsync(BudgetAdmission admission, CancellationToken cancellationToken)
    {
        var tolerance = options.Value.SendTolerance;
        while (true)
        {
            var lateness = time.GetElapsedTime(admission.AskedAt);
            if (lateness <= tolerance)
            {
                EnedisTelemetry.SendLateness.Record(lateness.TotalMilliseconds, new KeyValuePair<string, object?>("priority", admission.Priority.ToString()));
                return admission;
            }
            EnedisTelemetry.StaleAdmissions.Add(1, new KeyValuePair<string, object?>("priority", admission.Priority.ToString()));
            Activity.Current?.AddEvent(new ActivityEvent("enedis.budget.stale_admission",
                tags: new ActivityTagsCollection { ["lateness_ms"] = Math.Round(lateness.TotalMilliseconds, 1) }));
            await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [SecondKey, HourKey, BackgroundKey], [admission.Member]);
            // Usually the window still has room at this later time (the slot given back was the call's own), so the
            // call is admitted again at once, ahead of the queue: it already waited its turn. Spacing is a smoothing
            // of bursts, not a limit, and is waived here.
            admission = (await TryAdmitAsync(admission.Priority, spaced: false)).Admission
                ?? await AcquireAsync(admission.Priority, cancellationToken);
        }
    }

    /// <summary>One evaluation of the admission script: an admission, or how long to wait before asking again.</summary>
    private async Task<(BudgetAdmission? Admission, TimeSpan Wait)> TryAdmitAsync(EnedisPriority priority, bool spaced)
    {
        var settings = options.Value;
        var share = priority == EnedisPriority.Interactive ? settings.RateLimit : Math.Max(1, settings.RateLimit - settings.InteractiveReserve);
        // Slots are held a little longer than a second: calls admitted here reach Enedis a few ms later, unevenly.
        var window = 1000 + (int)settings.WindowMargin.TotalMilliseconds;
        // A little under window / budget: even spacing without chaining each call's overhead onto the next
        // (the sliding window, not the spacing, sets the sustained rate).
        var spacing = spaced ? window * 4 / (5 * settings.RateLimit) : 0;
        var member = Guid.NewGuid().ToString("N");
        var asked = time.GetTimestamp();
        var wait = (long)await redis.GetDatabase().ScriptEvaluateAsync(Script, [SecondKey, HourKey, InteractiveKey, BackgroundKey],
            [share, window, settings.HourlyLimit, member, spacing, settings.RateLimit,
                priority == EnedisPriority.Interactive ? 1 : 0, (long)InteractiveIdle.TotalMilliseconds]);
        return wait == 0 ? (new BudgetAdmission(member, priority, asked), TimeSpan.Zero) : (null, TimeSpan.FromMilliseconds(wait));
    }

    private static EnedisException Exhausted(TimeSpan bound)
    {
        Activity.Current?.SetTag("enedis.budget", "exhausted");
        return new EnedisException(EnedisErrorKind.BudgetExhausted, null,
            $"Enedis' request budget is used up for the moment (no slot within {bound.TotalSeconds:0.#} s).", null, TimeSpan.FromSeconds(1));
    }
}
