using StackExchange.Redis;

namespace MyElectricalData.Primitives;

/// <summary>
/// A short exclusive claim on a Redis key, across processes: taken with SET NX PX under a random owner token (so a
/// holder that dies frees it when it expires), released by a Lua compare-and-delete that deletes the key only while
/// it still holds this owner's token: a holder that outlived its lease cannot delete the lease another owner took
/// since. Those who find it held wait with <see cref="PollAsync"/>, for the result the holder will leave, until a
/// deadline. Lives in Primitives because the meter read path (MeterData), the company token (Enedis) and the
/// pre-warm (Worker) all take leases, and Enedis does not reference Data; it knows no key names.
/// </summary>
public sealed class RedisLease : IAsyncDisposable
{
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private readonly IDatabase _db;

    private RedisLease(IDatabase db, RedisKey key, string owner)
    {
        _db = db;
        Key = key;
        Owner = owner;
    }

    public RedisKey Key { get; }

    /// <summary>The token stored under <see cref="Key"/> while this lease holds it.</summary>
    public string Owner { get; }

    /// <summary>A fresh random owner token.</summary>
    public static string NewOwner() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Takes <paramref name="key"/> for <paramref name="duration"/> unless someone holds it; null when held.
    /// <paramref name="owner"/>: a token of the caller's (e.g. one per run, for many keys), else a new one.
    /// </summary>
    public static async Task<RedisLease?> TryAcquireAsync(IDatabase db, RedisKey key, TimeSpan duration, string? owner = null)
    {
        owner ??= NewOwner();
        return await db.StringSetAsync(key, owner, duration, When.NotExists) ? new RedisLease(db, key, owner) : null;
    }

    /// <summary>Deletes <paramref name="key"/> if <paramref name="owner"/> still holds it; true when it did.</summary>
    public static async Task<bool> ReleaseAsync(IDatabase db, RedisKey key, string owner) =>
        (long)await db.ScriptEvaluateAsync(ReleaseScript, [key], [owner]) == 1;

    /// <summary>Releases this lease if it is still ours; true when it was.</summary>
    public Task<bool> ReleaseAsync() => ReleaseAsync(_db, Key, Owner);

    public async ValueTask DisposeAsync() => await ReleaseAsync();

    /// <summary>
    /// For a waiter: calls <paramref name="probe"/> every <paramref name="interval"/> until it returns a value (what the
    /// holder was to produce), or null once <paramref name="timeout"/> has passed on <paramref name="time"/>'s clock.
    /// </summary>
    public static async Task<T?> PollAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, TimeSpan interval, TimeProvider time,
        CancellationToken cancellationToken)
        where T : class
    {
        var deadline = time.GetUtcNow() + timeout;
        while (time.GetUtcNow() < deadline)
        {
            await Task.Delay(interval, time, cancellationToken);
            if (await probe() is { } result)
            {
                return result;
            }
        }
        return null;
    }
}
