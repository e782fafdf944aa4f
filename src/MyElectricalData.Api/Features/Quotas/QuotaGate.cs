using System.Globalization;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Infrastructure;
using StackExchange.Redis;

namespace MyElectricalData.Api.Features.Quotas;

/// <summary>The state of one quota bucket after a request was counted.</summary>
public sealed record QuotaState(int Limit, long Used, DateTimeOffset ResetsAt)
{
    public long Remaining => Math.Max(0, Limit - Used);

    public IReadOnlyDictionary<string, string> Headers => new Dictionary<string, string>
    {
        ["X-RateLimit-Limit"] = Limit.ToString(CultureInfo.InvariantCulture),
        ["X-RateLimit-Remaining"] = Remaining.ToString(CultureInfo.InvariantCulture),
        ["X-RateLimit-Reset"] = ResetsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    };

    public void WriteHeaders(HttpResponse response)
    {
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }
    }
}

/// <summary>
/// Counts a request against the user's daily quota (SPEC §6) and refuses it past the limit: requests that reach
/// Enedis (USER_DAILY_LIMIT_NO_CACHE) and requests served from cache (USER_DAILY_LIMIT_WITH_CACHE), per UTC day,
/// counted atomically in Redis (a refused request is not counted). Admins are counted but never refused.
/// </summary>
public sealed class QuotaGate(IConnectionMultiplexer redis, IOptions<QuotaOptions> options, TimeProvider time)
{
    private const string Script = """
        local used = redis.call('INCR', KEYS[1])
        if used == 1 then redis.call('EXPIREAT', KEYS[1], ARGV[2]) end
        if used > tonumber(ARGV[1]) then
          redis.call('DECR', KEYS[1])
          return -used + 1
        end
        return used
        """;

    public async Task<QuotaState> CountAsync(Guid userId, bool cached, bool exempt)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var resetsAt = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var limit = cached ? options.Value.CachedLimit : options.Value.NoCacheLimit;
        var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(Script, [QuotaKeys.Counter(userId, today, cached)],
            [exempt ? int.MaxValue : limit, resetsAt.ToUnixTimeSeconds()]);
        if (result <= 0)
        {
            var state = new QuotaState(limit, -result, resetsAt);
            throw new ApiErrorException(new ApiError(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimitExceeded,
                cached ? "Quota quotidien de requêtes atteint ; il se renouvelle à minuit (UTC)."
                    : "Quota quotidien de requêtes vers Enedis atteint ; les données en cache restent disponibles, le quota se renouvelle à minuit (UTC).")
            {
                RetryAfterSeconds = (int)Math.Ceiling((resetsAt - now).TotalSeconds),
                Headers = state.Headers,
            });
        }
        return new QuotaState(limit, result, resetsAt);
    }
}
