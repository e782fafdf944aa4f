using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.Enedis.Metering;
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
    Task<MeterReading> GetAsync(MeteringKind kind, string usagePointId, DateRange range, CancellationToken cancellationToken);
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
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyDictionary<DateOnly, CachedDay>>>> _inFlight = new();
    private readonly IMeterSource _enedis = sources.OfType<EnedisMeterSource>().Single();
    private readonly IMeterSource _demo = sources.OfType<DemoMeterSource>().Single();

    /// <summary>Reads a range of days; <c>beforeUpstream</c> is called once before the first call upstream (quota accounting) and may throw to refuse.</summary>
    public async Task<MeterDataResult> GetAsync(UserCacheKey key, MeteringKind kind, string usagePointId, DateRange range, bool useCache,
        CancellationToken cancellationToken, Func<Task>? beforeUpstream = null)
    {
        var states = useCache
            ? await cache.ReadAsync(key, kind, usagePointId, range)
            : range.EachDay().ToDictionary(d => d, _ => (DayState.Missing, (CachedDay?)null));
        var missing = states.Where(s => s.Value.State == DayState.Missing).Select(s => s.Key).ToList();
        if (missing.Count > 0 && beforeUpstream is not null)
        {
            await beforeUpstream();
        }
        var fetched = new Dictionary<DateOnly, CachedDay>();
        EnedisException? failure = null;
        var calls = 0;
        foreach (var call in EnedisCalendar.Group(kind, missing))
        {
            try
            {
                calls++;
                foreach (var (day, data) in await FetchOnceAsync(key, kind, usagePointId, call, useCache, cancellationToken))
                {
                    fetched[day] = data;
                }
            }
            catch (EnedisException e)
            {
                failure ??= e;
            }
        }

        var days = range.EachDay().Select(d => states[d].State == DayState.Cached ? states[d].Day : fetched.GetValueOrDefault(d)).OfType<CachedDay>().ToList();
        if (failure is not null && days.Count == 0)
        {
            throw failure;
        }
        var status = missing.Count == 0 ? CacheStatus.Hit
            : failure is null && missing.Count == states.Count ? CacheStatus.Miss
            : CacheStatus.Partial;
        var reading = new MeterReading(usagePointId, Format(range.Start), Format(range.End),
            days.FirstOrDefault()?.Quality, days.FirstOrDefault(d => d.ReadingType is not null)?.ReadingType,
            [.. days.SelectMany(d => d.Readings)]);
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
        bool useCache, CancellationToken cancellationToken)
    {
        var id = $"{CacheKeys.Prefix(kind)}:{usagePointId}:{range.Start:yyyyMMdd}:{range.End:yyyyMMdd}:{(useCache ? "cached" : "fresh")}";
        var shared = _inFlight.GetOrAdd(id, fetchId => new Lazy<Task<IReadOnlyDictionary<DateOnly, CachedDay>>>(async () =>
        {
            try
            {
                // Not the caller's token: the first caller giving up must not fail the others sharing the call.
                return await FetchAcrossReplicasAsync(key, kind, usagePointId, range, fetchId, useCache, CancellationToken.None);
            }
            finally
            {
                _inFlight.TryRemove(fetchId, out _);
            }
        }));
        return shared.Value.WaitAsync(cancellationToken);
    }

    private async Task<IReadOnlyDictionary<DateOnly, CachedDay>> FetchAcrossReplicasAsync(UserCacheKey key, MeteringKind kind, string usagePointId,
        DateRange range, string id, bool useCache, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var lease = "lease:" + id;
        if (!await db.StringSetAsync(lease, "1", LeaseWait, When.NotExists))
        {
            // Another replica is fetching the same days: wait for them to land in the cache.
            var deadline = time.GetUtcNow() + LeaseWait;
            while (time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
                var states = await cache.ReadAsync(key, kind, usagePointId, range);
                if (states.Values.All(s => s.State != DayState.Missing))
                {
                    return states.Where(s => s.Value.Day is not null).ToDictionary(s => s.Key, s => s.Value.Day!);
                }
            }
        }
        try
        {
            // A request that read the cache just before another one stored these days would otherwise fetch them again.
            var current = useCache ? await cache.ReadAsync(key, kind, usagePointId, range) : null;
            if (current is not null && current.Values.All(s => s.State != DayState.Missing))
            {
                return current.Where(s => s.Value.Day is not null).ToDictionary(s => s.Key, s => s.Value.Day!);
            }
            var days = await FetchAsync(kind, usagePointId, range, cancellationToken);
            await cache.WriteAsync(key, kind, usagePointId, range, days);
            return days;
        }
        finally
        {
            await db.KeyDeleteAsync(lease);
        }
    }

    private async Task<IReadOnlyDictionary<DateOnly, CachedDay>> FetchAsync(MeteringKind kind, string usagePointId, DateRange range, CancellationToken cancellationToken)
    {
        var source = DemoMeterSource.Serves(usagePointId) ? _demo : _enedis;
        MeterReading reading;
        try
        {
            reading = await source.GetAsync(kind, usagePointId, range, cancellationToken);
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
    public Task<MeterReading> GetAsync(MeteringKind kind, string usagePointId, DateRange range, CancellationToken cancellationToken) =>
        metering.GetAsync(kind, usagePointId, range, cancellationToken);
}
