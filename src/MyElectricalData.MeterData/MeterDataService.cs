using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.Enedis.Metering;
using MyElectricalData.Primitives;
using StackExchange.Redis;

namespace MyElectricalData.MeterData;

public enum CacheStatus
{
    Hit,
    Miss,
    Partial,
}

/// <summary>
/// A range's readings and how they were obtained. <see cref="Failure"/> is set when part of the range could not
/// be fetched (the rest is returned: PARTIAL_DATA).
/// </summary>
public sealed record MeterDataResult(MeterReading Reading, CacheStatus CacheStatus, int UpstreamCalls, EnedisException? Failure);

/// <summary>
/// A range read between its two phases (<see cref="MeterDataService.PlanAsync"/>, then
/// <see cref="MeterDataService.CompleteAsync"/>): what the cache holds and which days only Enedis can give.
/// </summary>
public sealed class MeterReadPlan
{
    internal MeterReadPlan(UserCacheKey key, MeteringKind kind, string usagePointId, DateRange range, bool useCache, CachedRange cached,
        List<DateOnly>? missing)
    {
        Key = key;
        Kind = kind;
        UsagePointId = usagePointId;
        Range = range;
        UseCache = useCache;
        Cached = cached;
        Missing = missing;
    }

    /// <summary>Some day is neither cached nor known to have no data: completing the read calls Enedis (or the demo source).</summary>
    public bool NeedsUpstream => Missing is not null;

    /// <summary>The days to fetch, in order; empty when fully cached.</summary>
    public IReadOnlyList<DateOnly> MissingDays => Missing ?? [];

    internal UserCacheKey Key { get; }

    internal MeteringKind Kind { get; }

    internal string UsagePointId { get; }

    internal DateRange Range { get; }

    internal bool UseCache { get; }

    internal CachedRange Cached { get; }

    internal List<DateOnly>? Missing { get; }
}

/// <summary>A customer read between its two phases: the cached payload, or the need to ask Enedis.</summary>
public sealed class CustomerReadPlan
{
    internal CustomerReadPlan(UserCacheKey key, CustomerResource resource, string usagePointId, string redisKey, JsonElement? cached)
    {
        Key = key;
        Resource = resource;
        UsagePointId = usagePointId;
        RedisKey = redisKey;
        Cached = cached;
    }

    public bool NeedsUpstream => Cached is null;

    internal UserCacheKey Key { get; }

    internal CustomerResource Resource { get; }

    internal string UsagePointId { get; }

    internal string RedisKey { get; }

    internal JsonElement? Cached { get; }
}

/// <summary>Where readings come from when the cache does not have them: Enedis, or the demo generator.</summary>
public interface IMeterSource
{
    /// <summary><paramref name="priority"/>: the budget priority of the upstream calls this read makes, if any.</summary>
    Task<MeterReading> GetAsync(MeteringKind kind, string usagePointId, DateRange range, EnedisPriority priority, CancellationToken cancellationToken);
}

/// <summary>
/// The read path of meter data: read the whole range from the cache in one round trip, fetch only the missing
/// days in the fewest calls Enedis' limits allow, store each day, return the merge. Concurrent identical misses
/// share one upstream call in this process; across replicas a short Redis lease keeps them from stampeding.
/// </summary>
public sealed class MeterDataService(MeterCache cache, IEnumerable<IMeterSource> sources, IEnedisCustomers customers, IConnectionMultiplexer redis,
    TimeProvider time)
{
    private static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LeasePoll = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyDictionary<DateOnly, CachedDay>>>> _inFlight = new();
    private readonly IMeterSource _enedis = sources.OfType<EnedisMeterSource>().Single();
    private readonly IMeterSource _demo = sources.OfType<DemoMeterSource>().Single();

    /// <summary>
    /// The first phase of a read: the range as the cache holds it, from one read (one MGET when fully cached), and the
    /// days still missing. The caller decides what the read costs (its quota) from <see cref="MeterReadPlan.NeedsUpstream"/>
    /// before <see cref="CompleteAsync"/> calls Enedis. Without <paramref name="useCache"/>, every day is missing.
    /// </summary>
    public async Task<MeterReadPlan> PlanAsync(UserCacheKey key, MeteringKind kind, string usagePointId, DateRange range, bool useCache)
    {
        var states = useCache ? await cache.ReadAsync(key, kind, usagePointId, range) : CachedRange.AllMissing(range);
        List<DateOnly>? missing = null;
        for (var i = 0; i < states.States.Count; i++)
        {
            if (states.States[i] == DayState.Missing)
            {
                (missing ??= []).Add(range.Start.AddDays(i));
            }
        }
        return new MeterReadPlan(key, kind, usagePointId, range, useCache, states, missing);
    }

    /// <summary>
    /// The second phase: fetches the plan's missing days (none when fully cached) in the fewest calls, stores them and
    /// returns the merge. <paramref name="priority"/> is the Enedis budget priority of its upstream calls: interactive
    /// for an API caller, background for the worker. A fetch shared with a concurrent identical read keeps the priority
    /// of the read that started it. After a transient failure the remaining calls are not made (PARTIAL_DATA).
    /// </summary>
    public async Task<MeterDataResult> CompleteAsync(MeterReadPlan plan, EnedisPriority priority, CancellationToken cancellationToken)
    {
        var (key, kind, usagePointId, range) = (plan.Key, plan.Kind, plan.UsagePointId, plan.Range);
        var states = plan.Cached;
        var missing = plan.Missing;
        Dictionary<DateOnly, CachedDay>? fetched = null;
        EnedisException? failure = null;
        var calls = 0;
        foreach (var call in missing is null ? Enumerable.Empty<DateRange>() : EnedisCalendar.Group(kind, missing))
        {
            try
            {
                calls++;
                foreach (var (day, data) in await FetchOnceAsync(key, kind, usagePointId, call, plan.UseCache, priority, cancellationToken))
                {
                    (fetched ??= [])[day] = data;
                }
            }
            catch (EnedisException e)
            {
                failure ??= e;
                if (e.IsTransient)
                {
                    // Each call has the whole Enedis timeout: the next ones would keep the caller waiting on the same outage.
                    break;
                }
            }
        }

        // The merge, in day order, without intermediate lists: the readings of a cached year go straight into one array.
        var dayCount = states.Days.Count;
        var days = new CachedDay?[dayCount];
        var found = 0;
        var readingCount = 0;
        for (var i = 0; i < dayCount; i++)
        {
            var day = states.States[i] == DayState.Cached ? states.Days[i]
                : fetched is not null && fetched.TryGetValue(range.Start.AddDays(i), out var data) ? data
                : null;
            if (day is not null)
            {
                days[i] = day;
                found++;
                readingCount += day.Readings.Count;
            }
        }
        if (failure is not null && found == 0)
        {
            throw failure;
        }
        var status = missing is null ? CacheStatus.Hit
            : failure is null && missing.Count == dayCount ? CacheStatus.Miss
            : CacheStatus.Partial;
        var readings = new IntervalReading[readingCount];
        string? quality = null;
        ReadingType? readingType = null;
        var first = true;
        var position = 0;
        foreach (var day in days)
        {
            if (day is null)
            {
                continue;
            }
            if (first)
            {
                quality = day.Quality;
                first = false;
            }
            readingType ??= day.ReadingType;
            foreach (var one in day.Readings)
            {
                readings[position++] = one;
            }
        }
        var reading = new MeterReading(usagePointId, Format(range.Start), Format(range.End), quality, readingType, readings);
        return new MeterDataResult(reading, status, calls, failure);
    }

    /// <summary>Both phases at once, with no decision between them (the pre-warm's reads: no quota).</summary>
    public async Task<MeterDataResult> GetAsync(UserCacheKey key, MeteringKind kind, string usagePointId, DateRange range, bool useCache,
        EnedisPriority priority, CancellationToken cancellationToken) =>
        await CompleteAsync(await PlanAsync(key, kind, usagePointId, range, useCache), priority, cancellationToken);

    /// <summary>The first phase of a read of Enedis' customer payload (contract, address, identity, contact), cached whole.</summary>
    public async Task<CustomerReadPlan> PlanCustomerAsync(UserCacheKey key, CustomerResource resource, string usagePointId, bool useCache)
    {
        var redisKey = CacheKeys.Customer(resource, usagePointId);
        JsonElement? cached = null;
        if (useCache && await cache.ReadTextAsync(key, redisKey) is { } text)
        {
            using var document = JsonDocument.Parse(text);
            cached = document.RootElement.Clone();
        }
        return new CustomerReadPlan(key, resource, usagePointId, redisKey, cached);
    }

    /// <summary>The second phase: the cached payload (HIT), or Enedis' (MISS), then cached.</summary>
    public async Task<(JsonElement Payload, CacheStatus Status)> CompleteCustomerAsync(CustomerReadPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Cached is { } cached)
        {
            return (cached, CacheStatus.Hit);
        }
        var payload = await customers.GetAsync(plan.Resource, plan.UsagePointId, cancellationToken);
        await cache.WriteTextAsync(plan.Key, plan.RedisKey, payload.GetRawText());
        return (payload, CacheStatus.Miss);
    }

    private Task<IReadOnlyDictionary<DateOnly, CachedDay>> FetchOnceAsync(UserCacheKey key, MeteringKind kind, string usagePointId, DateRange range,
        bool useCache, EnedisPriority priority, CancellationToken cancellationToken)
    {
        var id = $"{CacheKeys.Prefix(kind)}:{usagePointId}:{range.Start:yyyyMMdd}:{range.End:yyyyMMdd}:{(useCache ? "cached" : "fresh")}";
        var shared = _inFlight.GetOrAdd(id, fetchId => new Lazy<Task<IReadOnlyDictionary<DateOnly, CachedDay>>>(async () =>
        {
            try
            {
                // Not the caller's token: the first caller giving up must not fail the others sharing the call.
                return await FetchAcrossReplicasAsync(key, kind, usagePointId, range, fetchId, useCache, priority, CancellationToken.None);
            }
            finally
            {
                _inFlight.TryRemove(fetchId, out _);
            }
        }));
        return shared.Value.WaitAsync(cancellationToken);
    }

    private async Task<IReadOnlyDictionary<DateOnly, CachedDay>> FetchAcrossReplicasAsync(UserCacheKey key, MeteringKind kind, string usagePointId,
        DateRange range, string id, bool useCache, EnedisPriority priority, CancellationToken cancellationToken)
    {
        // Another replica fetching the same days holds the lease: wait for them to land in the cache. Past the wait (the
        // holder is slow, failed or died) this read fetches them itself, without the lease it does not hold.
        await using var lease = await RedisLease.TryAcquireAsync(redis.GetDatabase(), "lease:" + id, LeaseWait);
        if (lease is null && await RedisLease.PollAsync<IReadOnlyDictionary<DateOnly, CachedDay>>(async () =>
                await cache.ReadAsync(key, kind, usagePointId, range) is { MissingCount: 0 } landed ? landed.ToDictionary() : null,
                LeaseWait, LeasePoll, time, cancellationToken) is { } landedDays)
        {
            return landedDays;
        }
        // A request that read the cache just before another one stored these days would otherwise fetch them again.
        var current = useCache ? await cache.ReadAsync(key, kind, usagePointId, range) : null;
        if (current is not null && current.MissingCount == 0)
        {
            return current.ToDictionary();
        }
        var days = await FetchAsync(kind, usagePointId, range, priority, cancellationToken);
        await cache.WriteAsync(key, kind, usagePointId, range, days);
        return days;
    }

    private async Task<IReadOnlyDictionary<DateOnly, CachedDay>> FetchAsync(MeteringKind kind, string usagePointId, DateRange range, EnedisPriority priority,
        CancellationToken cancellationToken)
    {
        var source = DemoMeterSource.Serves(usagePointId) ? _demo : _enedis;
        MeterReading reading;
        try
        {
            reading = await source.GetAsync(kind, usagePointId, range, priority, cancellationToken);
        }
        catch (EnedisException e) when (e.Kind == EnedisErrorKind.NoData)
        {
            return new Dictionary<DateOnly, CachedDay>();
        }
        return reading.IntervalReading
            .GroupBy(r => DateOnly.ParseExact(r.Date[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Where(g => g.Key >= range.Start && g.Key < range.End)
            .ToDictionary(g => g.Key, g => new CachedDay(reading.Quality, reading.ReadingType, [.. g]));
    }

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Enedis, through the provider.</summary>
public sealed class EnedisMeterSource(IEnedisMetering metering) : IMeterSource
{
    public Task<MeterReading> GetAsync(MeteringKind kind, string usagePointId, DateRange range, EnedisPriority priority, CancellationToken cancellationToken) =>
        metering.GetAsync(kind, usagePointId, range, priority, cancellationToken);
}
