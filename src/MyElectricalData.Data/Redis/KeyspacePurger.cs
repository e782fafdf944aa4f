using StackExchange.Redis;

namespace MyElectricalData.Data.Redis;

/// <summary>
/// Deletes a PDL's or a user's keys (PDL removed, secret regenerated, account deleted, admin clear).
/// Uses SCAN (never KEYS) so that a large keyspace does not block Redis.
/// </summary>
public sealed class KeyspacePurger(IConnectionMultiplexer redis)
{
    public async Task<long> PurgeUsagePointAsync(string usagePointId) =>
        await DeleteMatchingAsync(RedisKeys.UsagePointPatterns(usagePointId));

    public async Task<long> PurgeUserAsync(Guid userId, IEnumerable<string> usagePointIds, bool includeQuotas)
    {
        var patterns = usagePointIds.SelectMany(RedisKeys.UsagePointPatterns);
        if (includeQuotas)
        {
            patterns = patterns.Append(RedisKeys.QuotaPattern(userId));
        }
        return await DeleteMatchingAsync(patterns);
    }

    private async Task<long> DeleteMatchingAsync(IEnumerable<string> patterns)
    {
        var db = redis.GetDatabase();
        long deleted = 0;
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica || !server.IsConnected)
            {
                continue;
            }
            foreach (var pattern in patterns)
            {
                var batch = new List<RedisKey>(500);
                await foreach (var key in server.KeysAsync(db.Database, pattern, pageSize: 500))
                {
                    batch.Add(key);
                    if (batch.Count == 500)
                    {
                        deleted += await db.KeyDeleteAsync([.. batch]);
                        batch.Clear();
                    }
                }
                if (batch.Count > 0)
                {
                    deleted += await db.KeyDeleteAsync([.. batch]);
                }
            }
        }
        return deleted;
    }
}
