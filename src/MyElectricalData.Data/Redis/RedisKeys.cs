using System.Globalization;

namespace MyElectricalData.Data.Redis;

/// <summary>
/// Names of the Redis keys that more than one project reads: the per-user daily quota counters (counted and read by
/// the API, purged by <see cref="QuotaCounters"/>). Each module's own keys are named by that module (meter data: its
/// CacheKeys; the pre-warm: PrewarmLeases), which also purges them.
/// </summary>
public static class RedisKeys
{
    public static string QuotaCounter(Guid userId, DateOnly day, bool cached) =>
        string.Create(CultureInfo.InvariantCulture, $"quota:{userId:N}:{day:yyyy-MM-dd}:{(cached ? "cached" : "no_cache")}");

    public static string QuotaPattern(Guid userId) => $"quota:{userId:N}:*";
}
