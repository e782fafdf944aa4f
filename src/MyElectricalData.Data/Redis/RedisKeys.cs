using System.Globalization;

namespace MyElectricalData.Data.Redis;

/// <summary>
/// Names of the Redis keys that more than one module reads or purges. Meter data is keyed by usage point
/// (<c>{kind}:{usage_point_id}:{yyyy-MM-dd}</c>, SPEC §6) so that a PDL's keys can be found and purged.
/// </summary>
public static class RedisKeys
{
    public static string QuotaCounter(Guid userId, DateOnly day, bool cached) =>
        string.Create(CultureInfo.InvariantCulture, $"quota:{userId:N}:{day:yyyy-MM-dd}:{(cached ? "cached" : "no_cache")}");

    /// <summary>Patterns matching every key that holds a usage point's data.</summary>
    public static IEnumerable<string> UsagePointPatterns(string usagePointId) => [$"*:{usagePointId}:*", $"*:{usagePointId}"];

    public static string QuotaPattern(Guid userId) => $"quota:{userId:N}:*";
}
