using System.Collections.Concurrent;
using MyElectricalData.Data.Accounts;
using StackExchange.Redis;

namespace MyElectricalData.Api.Features.Auth;

/// <summary>
/// A short-lived, per-replica memory of what authentication and the data routes look up on every request: the user
/// a credential resolves to, whether a usage point is one of that user's active PDLs, and the key of their cache.
/// Keys are the secret's keyed hash (<see cref="SecretProtector.HashSecret"/>) or the user id, never a raw secret.
/// <para>
/// Safety: every action that locks a user out or changes what they may read (deactivation, deletion, secret
/// regeneration, role or permission changes, PDL deactivation or deletion, logout) calls <see cref="Invalidate"/>
/// or <see cref="InvalidateAll"/> after its database write: this replica forgets at once, and the others through a
/// Redis pub/sub message (<see cref="Channel"/>). Should a message be lost (Redis unreachable at that moment), an
/// entry still lives at most <see cref="Ttl"/>: that is the longest window in which another replica may accept a
/// revoked credential. A lookup that started before an invalidation never stores its (possibly stale) result.
/// </para>
/// </summary>
public sealed class AuthenticatedUserCache
{
    public const string Channel = "gateway:auth:invalidate";

    private static readonly RedisChannel InvalidationChannel = RedisChannel.Literal(Channel);

    /// <summary>How long an entry is trusted without asking the database again.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    /// <summary>Beyond this many entries, expired ones are swept, and if that is not enough, all are dropped.</summary>
    private const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ISubscriber? _subscriber;
    private long _generation;

    public AuthenticatedUserCache(TimeProvider time, IConnectionMultiplexer? redis = null)
    {
        _time = time;
        _subscriber = redis?.GetSubscriber();
    }

    private sealed record Entry(Guid UserId, object Value, long ExpiresAt);

    /// <summary>Taken before a database lookup and given back to <see cref="Set"/>: a result read across an invalidation is not stored.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public int Count => _entries.Count;

    public static string SecretKey(string secretHash) => "s:" + secretHash;

    public static string UserKey(Guid userId) => "u:" + userId.ToString("N");

    public static string PdlKey(Guid userId, string usagePointId) => "p:" + userId.ToString("N") + ":" + usagePointId;

    public bool TryGet<T>(string key, out T value) where T : class
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Value is T found)
        {
            if (_time.GetTimestamp() < entry.ExpiresAt)
            {
                value = found;
                return true;
            }
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
        value = null!;
        return false;
    }

    public void Set(string key, Guid userId, object value, long generation)
    {
        if (generation != Generation)
        {
            return;
        }
        if (_entries.Count >= MaxEntries)
        {
            Sweep();
        }
        var entry = new Entry(userId, value, _time.GetTimestamp() + (long)(Ttl.TotalSeconds * _time.TimestampFrequency));
        _entries[key] = entry;
        // An invalidation may have run between the check above and the store: it bumped the generation first, so
        // either its sweep saw this entry, or this check sees the new generation.
        if (generation != Generation)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
    }

    /// <summary>Forgets everything about one user here and asks the other replicas to do the same.</summary>
    public async Task InvalidateAsync(Guid userId)
    {
        Invalidate(userId);
        await PublishAsync(userId.ToString("N"));
    }

    /// <summary>Forgets everything here and on the other replicas (role or permission changes touch many users).</summary>
    public async Task InvalidateAllAsync()
    {
        InvalidateAll();
        await PublishAsync("*");
    }

    /// <summary>Forgets everything about one user in this replica only.</summary>
    public void Invalidate(Guid userId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (key, entry) in _entries)
        {
            if (entry.UserId == userId)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    public void InvalidateAll()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>Applies an invalidation message from another replica (or this one's own echo, harmlessly).</summary>
    public void OnMessage(string? message)
    {
        if (Guid.TryParseExact(message, "N", out var userId))
        {
            Invalidate(userId);
        }
        else
        {
            InvalidateAll();
        }
    }

    /// <summary>Starts listening to the other replicas' invalidations.</summary>
    public Task SubscribeAsync() =>
        _subscriber is null ? Task.CompletedTask : _subscriber.SubscribeAsync(InvalidationChannel, (_, message) => OnMessage(message));

    private async Task PublishAsync(string message)
    {
        if (_subscriber is null)
        {
            return;
        }
        try
        {
            await _subscriber.PublishAsync(InvalidationChannel, message);
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            // The other replicas' entries expire within Ttl anyway; the write that called us must not fail for this.
        }
    }

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
    }
}

/// <summary>Subscribes the cache to the other replicas' invalidations at start-up.</summary>
public sealed class AuthenticatedUserCacheListener(AuthenticatedUserCache cache, ILogger<AuthenticatedUserCacheListener> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await cache.SubscribeAsync();
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            // Entries still expire within the TTL; other replicas' changes then take up to that long to be seen here.
            logger.LogWarning(e, "Could not subscribe to {Channel}; cached authentications expire within {Ttl}.", AuthenticatedUserCache.Channel,
                AuthenticatedUserCache.Ttl);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
