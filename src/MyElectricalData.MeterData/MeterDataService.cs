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
    /// Reads a range of days; <c>beforeUpstream</c> is called once before the first call upstream (quota accounting) and may
    /// throw to refuse. <paramref name="priority"/> is the Enedis budget priority of its upstream calls: interactive for an
    /// API caller, background for the worker. A fetch shared with a concurrent identical read keeps the priority of the
    /// read that started it.
    /// </summary>
    public async Task<MeterDataResult> GetAsync(UserCacheKey key, MeteringKind kind, string usagePointId, DateRange range, bool useCache,
        CancellationToken cancellationToken, Func<Task>? beforeUpstream = null, EnedisPriority priority = EnedisPriority.Interactive)
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
        if (missing is not null && beforeUpstream is not null)
        {
            await beforeUpstream();
        }
        Dictionary<DateOnly, CachedDay>? fetched = null;
        EnedisException? failure = null;
        var calls = 0;
        foreach (var call in missing is null ? Enumerable.Empty<DateRange>() : EnedisCalendar.Group(kind, missing))
        {
            try
            {
                calls++;
                foreach (var (day, data) in await FetchOnceAsync(key, kind, usagePointId, call, useCache, priority, cancellationToken))
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

    /// <summary>Enedis' customer payload (contract, address, identity, contact), cached whole.</summary>
    public async Task<(JsonElement Payload, CacheStatus Status)> GetCustomerAsync(UserCacheKey key, CustomerResource resource, string usagePointId,
        bool useCache, CancellationToken cancellationToken, Func<Task>? beforeUpstream = null)
    {
        var redisKey = CacheKeys.Customer(resource, usagePointId);
        if (useCache && await cache.ReadTextAsync(key, redisKey) is { } cached)
        {
            using var document = JsonDocument.Parse(cached);
            return (document.RootElement.Clone(), CacheStatus.Hit);
        }
        if (beforeUpstream is not null)
        {
            await beforeUpstream();
        }
        var payload = await customers.GetAsync(resource, usagePointId, cancellationToken);
        await cache.WriteTextAsync(key, redisKey, payload.GetRawText());
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
