using System.Buffers;
using System.Text;
using Microsoft.Extensions.Options;
using MyElectricalData.Data.Redis;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Metering;
using MyElectricalData.Primitives;
using StackExchange.Redis;

namespace MyElectricalData.MeterData;

public sealed class MeterCacheOptions
{
    /// <summary>CACHE_TTL_SECONDS.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long "Enedis has no data for this day" is remembered.</summary>
    public TimeSpan NoDataTtl { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>What is cached for one day: that day's readings and the reading's header fields.</summary>
public sealed record CachedDay(string? Quality, ReadingType? ReadingType, IReadOnlyList<IntervalReading> Readings);

/// <summary>The cached state of one day.</summary>
public enum DayState
{
    Missing,
    Cached,
    NoData,
}

/// <summary>A range as the cache holds it: day <c>i</c> of the range is <c>States[i]</c> (and <c>Days[i]</c> when cached).</summary>
public sealed class CachedRange(DateRange range, DayState[] states, CachedDay?[] days)
{
    public DateRange Range { get; } = range;

    public IReadOnlyList<DayState> States { get; } = states;

    public IReadOnlyList<CachedDay?> Days { get; } = days;

    public int MissingCount => States.Count(s => s == DayState.Missing);

    public static CachedRange AllMissing(DateRange range) => new(range, new DayState[range.Days], new CachedDay?[range.Days]);

    /// <summary>The cached days, by day.</summary>
    public Dictionary<DateOnly, CachedDay> ToDictionary()
    {
        var result = new Dictionary<DateOnly, CachedDay>();
        for (var i = 0; i < Days.Count; i++)
        {
            if (Days[i] is { } day)
            {
                result[Range.Start.AddDays(i)] = day;
            }
        }
        return result;
    }
}

/// <summary>
/// Per-day meter data in Redis, each value sealed with AES-GCM under the user's key with the Redis key as
/// associated data: a value moved to another key, tampered with, or read with another user's key is a miss,
/// never an error. A range is read in one round trip (one MGET of its days; the no-data markers of the days
/// found missing, if any, in a second). The sealed plaintext of a day is <see cref="CachedDayFormat"/>.
/// </summary>
public sealed class MeterCache(IConnectionMultiplexer redis, IOptions<MeterCacheOptions> options, RedisKeyspace keyspace)
{
    public async Task<CachedRange> ReadAsync(UserCacheKey key, MeteringKind kind, string usagePointId, DateRange range)
    {
        var count = Math.Max(0, range.Days);
        // The keys as UTF-8 bytes, built once: what Redis is sent and what AES-GCM binds as associated data.
        var keys = new byte[count][];
        var redisKeys = new RedisKey[count];
        var prefix = CacheKeys.DayPrefixUtf8(kind, usagePointId);
        var date = range.Start;
        for (var i = 0; i < count; i++, date = date.AddDays(1))
        {
            redisKeys[i] = keys[i] = CacheKeys.DayUtf8(prefix, date);
        }
        var db = redis.GetDatabase();
        var values = count == 0 ? [] : await db.StringGetAsync(redisKeys);
        var states = new DayState[count];
        var days = new CachedDay?[count];
        var missing = OpenRange(key, keys, values, states, days);
        // The no-data markers only matter for days without data: a fully cached range costs one round trip.
        if (missing > 0)
        {
            var indexes = new int[missing];
            var markerKeys = new RedisKey[missing];
            for (int i = 0, j = 0; i < count; i++)
            {
                if (states[i] == DayState.Missing)
                {
                    indexes[j] = i;
                    markerKeys[j++] = CacheKeys.NoData(kind, usagePointId, range.Start.AddDays(i));
                }
            }
            var markers = await db.StringGetAsync(markerKeys);
            for (var j = 0; j < missing; j++)
            {
                if (markers[j].HasValue)
                {
                    states[indexes[j]] = DayState.NoData;
                }
            }
        }
        return new CachedRange(range, states, days);
    }

    /// <summary>Opens and decodes each value; returns how many days are missing (absent, unreadable or undecodable).</summary>
    private static int OpenRange(UserCacheKey key, byte[][] keys, RedisValue[] values, DayState[] states, CachedDay?[] days)
    {
        var missing = 0;
        var reuse = new CachedDayFormat.StringReuse();
        byte[]? buffer = null;
        // One cipher object for the whole range: creating one per day is a measurable share of a cached read.
        using var aead = new Aead(key.Key);
        try
        {
            for (var i = 0; i < keys.Length; i++)
            {
                if (values[i].HasValue && (byte[])values[i]! is { Length: > Aead.Overhead } sealedValue)
                {
                    var length = Aead.PlaintextLength(sealedValue.Length);
                    if (buffer is null || buffer.Length < length)
                    {
                        if (buffer is not null)
                        {
                            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
                        }
                        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1024));
                    }
                    var plaintext = buffer.AsSpan(0, length);
                    if (aead.TryOpen(sealedValue, keys[i], plaintext) && CachedDayFormat.Decode(plaintext, ref reuse) is { } day)
                    {
                        states[i] = DayState.Cached;
                        days[i] = day;
                        continue;
                    }
                }
                missing++;
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
            }
        }
        return missing;
    }

    /// <summary>Stores every day of <paramref name="range"/>: the ones with readings sealed, the others as no-data markers.</summary>
    public async Task WriteAsync(UserCacheKey key, MeteringKind kind, string usagePointId, DateRange range, IReadOnlyDictionary<DateOnly, CachedDay> days)
    {
        var settings = options.Value;
        var batch = redis.GetDatabase().CreateBatch();
        var writes = new List<Task>();
        foreach (var day in range.EachDay())
        {
            if (days.TryGetValue(day, out var cached) && cached.Readings.Count > 0)
            {
                var redisKey = CacheKeys.Day(kind, usagePointId, day);
                writes.Add(batch.StringSetAsync(redisKey, SealDay(key, redisKey, cached), settings.Ttl));
            }
            else
            {
                writes.Add(batch.StringSetAsync(CacheKeys.NoData(kind, usagePointId, day), "1", settings.NoDataTtl));
            }
        }
        batch.Execute();
        await Task.WhenAll(writes);
    }

    /// <summary>Removes a range's days and their no-data markers (a usage point belongs to one account, so these are that user's).</summary>
    public Task<long> ForgetAsync(MeteringKind kind, string usagePointId, DateRange range) =>
        redis.GetDatabase().KeyDeleteAsync([.. range.EachDay().SelectMany(d => new RedisKey[] { CacheKeys.Day(kind, usagePointId, d), CacheKeys.NoData(kind, usagePointId, d) })]);

    public Task<bool> ForgetAsync(string redisKey) => redis.GetDatabase().KeyDeleteAsync(redisKey);

    /// <summary>
    /// Removes everything meter data keeps for a usage point (PDL removed or moved, cache cleared, secret regenerated,
    /// account deleted): its days and no-data markers of every kind, its customer payloads; nothing else's. Returns how
    /// many keys were deleted.
    /// </summary>
    public async Task<long> ForgetUsagePointAsync(string usagePointId) =>
        await keyspace.DeleteMatchingAsync([CacheKeys.UsagePointPattern(usagePointId)], key => CacheKeys.IsUsagePointDay(key, usagePointId))
        + await redis.GetDatabase().KeyDeleteAsync([.. CacheKeys.Customers(usagePointId).Select(k => (RedisKey)k)]);

    /// <summary><see cref="ForgetUsagePointAsync"/> for each of a user's usage points; the total deleted.</summary>
    public async Task<long> ForgetUsagePointsAsync(IEnumerable<string> usagePointIds)
    {
        long deleted = 0;
        foreach (var usagePointId in usagePointIds)
        {
            deleted += await ForgetUsagePointAsync(usagePointId);
        }
        return deleted;
    }

    public async Task<string?> ReadTextAsync(UserCacheKey key, string redisKey)
    {
        var value = await redis.GetDatabase().StringGetAsync(redisKey);
        return value.HasValue ? Open(key, redisKey, (byte[])value!) is { } bytes ? Encoding.UTF8.GetString(bytes) : null : null;
    }

    public Task WriteTextAsync(UserCacheKey key, string redisKey, string text) =>
        redis.GetDatabase().StringSetAsync(redisKey, Seal(key, redisKey, Encoding.UTF8.GetBytes(text)), options.Value.Ttl);

    /// <summary>The value stored for one day under <paramref name="redisKey"/>.</summary>
    internal static byte[] SealDay(UserCacheKey key, string redisKey, CachedDay day) => Seal(key, redisKey, CachedDayFormat.Encode(day));

    /// <summary>One day's value read back, or null (a miss) if it does not open under this key and key name or does not decode.</summary>
    internal static CachedDay? OpenDay(UserCacheKey key, string redisKey, byte[] sealedValue) =>
        Open(key, redisKey, sealedValue) is { } plaintext ? CachedDayFormat.Decode(plaintext) : null;

    internal static byte[] Seal(UserCacheKey key, string redisKey, byte[] plaintext) => Aead.Seal(key.Key, plaintext, Encoding.UTF8.GetBytes(redisKey));

    private static byte[]? Open(UserCacheKey key, string redisKey, byte[] sealedValue) => Aead.Open(key.Key, sealedValue, Encoding.UTF8.GetBytes(redisKey));
}
