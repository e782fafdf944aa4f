using System.Globalization;
using MyElectricalData.Primitives;
using StackExchange.Redis;

namespace MyElectricalData.Worker.Prewarm;

public enum ClaimOutcome
{
    /// <summary>This worker now holds the PDL for the run.</summary>
    Claimed,

    /// <summary>Already warmed (or skipped for good) in this run, by any worker.</summary>
    Done,

    /// <summary>Another worker holds it right now; it may still finish, fail, or die and let the lease expire.</summary>
    Held,
}

/// <summary>
/// Who warms which PDL on a given day, across worker replicas, in Redis: one key per day and PDL, taken as
/// a <see cref="RedisLease"/> (so a dead worker's claim expires by itself), turned into "done" by its holder when the
/// PDL is warmed. Also the last day whose run completed, for catch-up after downtime.
/// </summary>
public sealed class PrewarmLeases(IConnectionMultiplexer redis)
{
    public const string CompletedKey = "prewarm:completed";
    private const string DoneValue = "done";

    // Done markers outlive the day so that a late replica of the same run still sees them.
    private static readonly TimeSpan DoneTtl = TimeSpan.FromDays(2);

    // Only the holder may release, and finish unless its lease expired and was taken by another worker (who will
    // finish it); an expired lease nobody took is still finished, since the work is done.
    private const string FinishScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[1] or not holder then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;

    // Completion only moves forward, whichever replica finishes last.
    private const string CompleteScript = """
        local current = redis.call('GET', KEYS[1])
        if not current or current < ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[1])
        end
        return 1
        """;

    public static string Key(DateOnly day, string usagePointId) =>
        string.Create(CultureInfo.InvariantCulture, $"prewarm:{day:yyyy-MM-dd}:{usagePointId}");

    public async Task<ClaimOutcome> TryClaimAsync(DateOnly day, string usagePointId, string owner, TimeSpan lease)
    {
        var db = redis.GetDatabase();
        var key = Key(day, usagePointId);
        if (await RedisLease.TryAcquireAsync(db, key, lease, owner) is not null)
        {
            return ClaimOutcome.Claimed;
        }
        var value = (string?)await db.StringGetAsync(key);
        return value switch
        {
            DoneValue => ClaimOutcome.Done,
            // Expired between the two calls: report it held, the next pass claims it.
            _ => ClaimOutcome.Held,
        };
    }

    public Task FinishAsync(DateOnly day, string usagePointId, string owner) =>
        redis.GetDatabase().ScriptEvaluateAsync(FinishScript, [Key(day, usagePointId)],
            [owner, DoneValue, (long)DoneTtl.TotalMilliseconds]);

    public Task ReleaseAsync(DateOnly day, string usagePointId, string owner) =>
        RedisLease.ReleaseAsync(redis.GetDatabase(), Key(day, usagePointId), owner);

    public async Task<DateOnly?> LastCompletedAsync()
    {
        var value = (string?)await redis.GetDatabase().StringGetAsync(CompletedKey);
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
    }

    public Task MarkCompletedAsync(DateOnly day) =>
        redis.GetDatabase().ScriptEvaluateAsync(CompleteScript, [CompletedKey],
            [day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
}
