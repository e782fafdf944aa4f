namespace MyElectricalData.Data.Redis;

/// <summary>The quota counters' side of a purge: every day's counters of one user (an account deleted takes them along).</summary>
public sealed class QuotaCounters(RedisKeyspace keyspace)
{
    public Task<long> ForgetUserAsync(Guid userId) => keyspace.DeleteMatchingAsync([RedisKeys.QuotaPattern(userId)]);
}
