using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Data.Accounts;

namespace MyElectricalData.Tests.Features.Accounts;

/// <summary>The per-replica memory of authentications: short-lived, forgotten at once on the changes that must lock a user out.</summary>
public sealed class AuthenticatedUserCacheTests
{
    private readonly SteppingClock _clock = new();
    private readonly AuthenticatedUserCache _cache;

    public AuthenticatedUserCacheTests() => _cache = new AuthenticatedUserCache(_clock);

    private static User NewUser() => new()
    {
        Id = Guid.NewGuid(),
        Email = "someone@example.org",
        PasswordHash = "-",
        ClientId = "cli_x",
        ClientSecretHash = "hash",
        ClientSecretEncrypted = [],
        IsActive = true,
    };

    [Fact]
    public void AnEntryIsRememberedForTheTtlOnly()
    {
        var user = NewUser();
        _cache.Set(AuthenticatedUserCache.SecretKey("hash"), user.Id, user, _cache.Generation);

        _cache.TryGet<User>(AuthenticatedUserCache.SecretKey("hash"), out var found).ShouldBeTrue();
        found.ShouldBeSameAs(user);
        _cache.TryGet<User>(AuthenticatedUserCache.SecretKey("other"), out _).ShouldBeFalse();

        _clock.Advance(AuthenticatedUserCache.Ttl);
        _cache.TryGet<User>(AuthenticatedUserCache.SecretKey("hash"), out _).ShouldBeFalse();
    }

    [Fact]
    public void InvalidatingAUserForgetsTheirSecretsPdlsAndKeyButNotOthers()
    {
        var user = NewUser();
        var other = NewUser();
        var generation = _cache.Generation;
        _cache.Set(AuthenticatedUserCache.SecretKey("old-secret"), user.Id, user, generation);
        _cache.Set(AuthenticatedUserCache.UserKey(user.Id), user.Id, user, generation);
        _cache.Set(AuthenticatedUserCache.PdlKey(user.Id, "12345678901234"), user.Id, new object(), generation);
        _cache.Set(AuthenticatedUserCache.SecretKey("other-secret"), other.Id, other, generation);

        _cache.Invalidate(user.Id);

        _cache.TryGet<User>(AuthenticatedUserCache.SecretKey("old-secret"), out _).ShouldBeFalse();
        _cache.TryGet<User>(AuthenticatedUserCache.UserKey(user.Id), out _).ShouldBeFalse();
        _cache.TryGet<object>(AuthenticatedUserCache.PdlKey(user.Id, "12345678901234"), out _).ShouldBeFalse();
        _cache.TryGet<User>(AuthenticatedUserCache.SecretKey("other-secret"), out _).ShouldBeTrue();
    }

    [Fact]
    public void ALookupThatStartedBeforeAnInvalidationIsNotStored()
    {
        var user = NewUser();
        var generation = _cache.Generation; // the database read starts...
        _cache.Invalidate(user.Id);          // ...the account is deactivated meanwhile...
        _cache.Set(AuthenticatedUserCache.SecretKey("hash"), user.Id, user, generation); // ...and the stale row comes back.

        _cache.TryGet<User>(AuthenticatedUserCache.SecretKey("hash"), out _).ShouldBeFalse();
        _cache.Count.ShouldBe(0);
    }

    [Fact]
    public void AnotherReplicasMessageInvalidatesOneUserOrEveryone()
    {
        var user = NewUser();
        var other = NewUser();
        _cache.Set(AuthenticatedUserCache.SecretKey("a"), user.Id, user, _cache.Generation);
        _cache.Set(AuthenticatedUserCache.SecretKey("b"), other.Id, other, _cache.Generation);

        _cache.OnMessage(user.Id.ToString("N"));
        _cache.TryGet<User>(AuthenticatedUserCache.SecretKey("a"), out _).ShouldBeFalse();
        _cache.TryGet<User>(AuthenticatedUserCache.SecretKey("b"), out _).ShouldBeTrue();

        _cache.OnMessage("*");
        _cache.TryGet<User>(AuthenticatedUserCache.SecretKey("b"), out _).ShouldBeFalse();
    }

    [Fact]
    public async Task InvalidatingWithoutRedisStillForgetsLocally()
    {
        var user = NewUser();
        _cache.Set(AuthenticatedUserCache.UserKey(user.Id), user.Id, user, _cache.Generation);

        await _cache.InvalidateAsync(user.Id);
        _cache.TryGet<User>(AuthenticatedUserCache.UserKey(user.Id), out _).ShouldBeFalse();

        _cache.Set(AuthenticatedUserCache.UserKey(user.Id), user.Id, user, _cache.Generation);
        await _cache.InvalidateAllAsync();
        _cache.Count.ShouldBe(0);
    }

    [Fact]
    public void KeysNeverContainTheRawSecret()
    {
        AuthenticatedUserCache.SecretKey("0123abcd").ShouldBe("s:0123abcd");
        AuthenticatedUserCache.PdlKey(Guid.Empty, "12345678901234").ShouldBe("p:00000000000000000000000000000000:12345678901234");
    }

    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
