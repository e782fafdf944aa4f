using MyElectricalData.Data.Redis;
using StackExchange.Redis;

namespace MyElectricalData.Api.Features.Quotas;

/// <summary>Per-user daily limits (UTC day), from USER_DAILY_LIMIT_NO_CACHE / USER_DAILY_LIMIT_WITH_CACHE.</summary>
public sealed class QuotaOptions
{
    public int NoCacheLimit { get; set; } = 50;

    public int CachedLimit { get; set; } = 1000;
}

public sealed record UsageToday(DateOnly Date, long CachedRequests, long NoCacheRequests);

/// <summary>
/// Today's request counters per user, kept in Redis (atomic, shared by replicas, expiring after the UTC
/// day). The data path counts; accounts and admin views read the same counters.
/// </summary>
public sealed class UsageCounters(IConnectionMultiplexer redis, TimeProvider time, RedisKeyspace keyspace)
{
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<UsageToday> GetAsync(Guid userId)
    {
        var day = Today;
        var values = await redis.GetDatabase().StringGetAsync(
            [QuotaKeys.Counter(userId, day, cached: true), QuotaKeys.Counter(userId, day, cached: false)]);
        return new UsageToday(day, (long?)values[0] ?? 0, (long?)values[1] ?? 0);
    }

    public async Task<IReadOnlyDictionary<Guid, UsageToday>> GetManyAsync(IReadOnlyList<Guid> userIds)
    {
        var day = Today;
        var keys = userIds.SelectMany(id => new RedisKey[] { QuotaKeys.Counter(id, day, true), QuotaKeys.Counter(id, day, false) }).ToArray();
        var values = keys.Length == 0 ? [] : await redis.GetDatabase().StringGetAsync(keys);
        return userIds.Select((id, i) => (id, usage: new UsageToday(day, (long?)values[2 * i] ?? 0, (long?)values[2 * i + 1] ?? 0)))
            .ToDictionary(x => x.id, x => x.usage);
    }

    public Task ResetAsync(Guid userId) =>
        redis.GetDatabase().KeyDeleteAsync([QuotaKeys.Counter(userId, Today, true), QuotaKeys.Counter(userId, Today, false)]);

    /// <summary>Every counter of the user, today's and any older day's not yet expired (account deletion).</summary>
    public Task<long> ForgetAsync(Guid userId) => keyspace.DeleteMatchingAsync([QuotaKeys.OfUser(userId)]);
}
