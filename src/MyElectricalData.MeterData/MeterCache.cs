using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Metering;
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

/// <summary>
/// Per-day meter data in Redis, each value sealed with AES-GCM under the user's key with the Redis key as
/// associated data: a value moved to another key, tampered with, or read with another user's key is a miss,
/// never an error. A range is read in one round trip (one MGET of the days and their no-data markers).
/// </summary>
public sealed class MeterCache(IConnectionMultiplexer redis, IOptions<MeterCacheOptions> options)
{
    public async Task<IReadOnlyDictionary<DateOnly, (DayState State, CachedDay? Day)>> ReadAsync(
        UserCacheKey key, MeteringKind kind, string usagePointId, DateRange range)
    {
        var days = range.EachDay().ToList();
        var keys = days.Select(d => (RedisKey)CacheKeys.Day(kind, usagePointId, d)).ToArray();
        var db = redis.GetDatabase();
        var values = await db.StringGetAsync(keys);
        var result = new Dictionary<DateOnly, (DayState, CachedDay?)>(days.Count);
        var missing = new List<int>();
        // One cipher object for the whole range: creating one per day is a measurable share of a cached read.
        using var aes = new AesGcm(key.Key, 16);
        for (var i = 0; i < days.Count; i++)
        {
            if (values[i].HasValue && OpenDay(aes, keys[i]!, (byte[])values[i]!) is { } day)
            {
                result[days[i]] = (DayState.Cached, day);
            }
            else
            {
                missing.Add(i);
            }
        }
        // The no-data markers only matter for days without data: a fully cached range costs one round trip.
        if (missing.Count > 0)
        {
            var markers = await db.StringGetAsync([.. missing.Select(i => (RedisKey)CacheKeys.NoData(kind, usagePointId, days[i]))]);
            for (var j = 0; j < missing.Count; j++)
            {
                result[days[missing[j]]] = (markers[j].HasValue ? DayState.NoData : DayState.Missing, null);
            }
        }
        return result;
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
                writes.Add(batch.StringSetAsync(redisKey, Seal(key, redisKey, cached), settings.Ttl));
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

    public async Task<string?> ReadTextAsync(UserCacheKey key, string redisKey)
    {
        var value = await redis.GetDatabase().StringGetAsync(redisKey);
        return value.HasValue ? Open(key, redisKey, (byte[])value!) is { } bytes ? Encoding.UTF8.GetString(bytes) : null : null;
    }

    public Task WriteTextAsync(UserCacheKey key, string redisKey, string text) =>
        redis.GetDatabase().StringSetAsync(redisKey, Seal(key, redisKey, Encoding.UTF8.GetBytes(text)), options.Value.Ttl);

    private static byte[] Seal(UserCacheKey key, string redisKey, CachedDay day) => Seal(key, redisKey, JsonSerializer.SerializeToUtf8Bytes(day, CacheJson.Default.CachedDay));

    private static CachedDay? OpenDay(AesGcm aes, string redisKey, byte[] sealedValue)
    {
        var bytes = Open(aes, redisKey, sealedValue);
        if (bytes is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(bytes, CacheJson.Default.CachedDay);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] Seal(UserCacheKey key, string redisKey, byte[] plaintext)
    {
        var output = new byte[12 + 16 + plaintext.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(key.Key, 16);
        aes.Encrypt(output.AsSpan(0, 12), plaintext, output.AsSpan(28), output.AsSpan(12, 16), Encoding.UTF8.GetBytes(redisKey));
        return output;
    }

    private static byte[]? Open(UserCacheKey key, string redisKey, byte[] sealedValue)
    {
        using var aes = new AesGcm(key.Key, 16);
        return Open(aes, redisKey, sealedValue);
    }

    private static byte[]? Open(AesGcm aes, string redisKey, byte[] sealedValue)
    {
        if (sealedValue.Length < 28)
        {
            return null;
        }
        var plaintext = new byte[sealedValue.Length - 28];
        try
        {
            aes.Decrypt(sealedValue.AsSpan(0, 12), sealedValue.AsSpan(28), sealedValue.AsSpan(12, 16), plaintext, Encoding.UTF8.GetBytes(redisKey));
            return plaintext;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>Source-generated serialization of cached days (no reflection on the hot path).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(CachedDay))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class CacheJson : System.Text.Json.Serialization.JsonSerializerContext;
