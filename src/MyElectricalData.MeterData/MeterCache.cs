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
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyDictionary<DateOnly, (DayState State, CachedDay? Day)>> ReadAsync(
        UserCacheKey key, MeteringKind kind, string usagePointId, DateRange range)
    {
        var days = range.EachDay().ToList();
        var keys = days.Select(d => (RedisKey)CacheKeys.Day(kind, usagePointId, d))
            .Concat(days.Select(d => (RedisKey)CacheKeys.NoData(kind, usagePointId, d))).ToArray();
        var values = await redis.GetDatabase().StringGetAsync(keys);
        var result = new Dictionary<DateOnly, (DayState, CachedDay?)>(days.Count);
        for (var i = 0; i < days.Count; i++)
        {
            if (values[i].HasValue && OpenDay(key, keys[i]!, (byte[])values[i]!) is { } day)
            {
                result[days[i]] = (DayState.Cached, day);
            }
            else
            {
                result[days[i]] = (values[days.Count + i].HasValue ? DayState.NoData : DayState.Missing, null);
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

    private static byte[] Seal(UserCacheKey key, string redisKey, CachedDay day) => Seal(key, redisKey, JsonSerializer.SerializeToUtf8Bytes(day, Json));

    private static CachedDay? OpenDay(UserCacheKey key, string redisKey, byte[] sealedValue)
    {
        var bytes = Open(key, redisKey, sealedValue);
        if (bytes is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<CachedDay>(bytes, Json);
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
        if (sealedValue.Length < 28)
        {
            return null;
        }
        var plaintext = new byte[sealedValue.Length - 28];
        try
        {
            using var aes = new AesGcm(key.Key, 16);
            aes.Decrypt(sealedValue.AsSpan(0, 12), sealedValue.AsSpan(28), sealedValue.AsSpan(12, 16), plaintext, Encoding.UTF8.GetBytes(redisKey));
            return plaintext;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
