using MyElectricalData.Primitives;
using MyElectricalData.Tests.Enedis;
using MyElectricalData.Tests.Harness;
using MyElectricalData.Tests.Worker;
using StackExchange.Redis;

namespace MyElectricalData.Tests.Primitives;

/// <summary>The one lease, against a real Redis (the provider collection's): who may take it, who may release it, how waiters wait.</summary>
[Collection(EnedisProviderCollection.Name)]
public sealed class RedisLeaseTests(EnedisProviderFixture fixture) : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;

    private IDatabase Db => _redis.GetDatabase();

    private static RedisKey NewKey() => $"test:lease:{Guid.NewGuid():N}";

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(fixture.RedisConnectionString);

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task AnExpiredLeaseTakenByAnotherOwnerIsNotReleasedByTheFirstOwner()
    {
        var key = NewKey();
        var first = await RedisLease.TryAcquireAsync(Db, key, TimeSpan.FromMilliseconds(300));
        first.ShouldNotBeNull();
        // The first holder outlives its lease (a long Enedis call): it expires and another owner takes it.
        await Poll.UntilAsync(async () => await Db.KeyExistsAsync(key), exists => !exists, TimeSpan.FromSeconds(10), "the first lease to expire");
        var second = await RedisLease.TryAcquireAsync(Db, key, TimeSpan.FromMinutes(1));
        second.ShouldNotBeNull();

        var releasedByFirst = await first.ReleaseAsync();

        releasedByFirst.ShouldBeFalse();
        ((string?)await Db.StringGetAsync(key)).ShouldBe(second.Owner);
        (await RedisLease.TryAcquireAsync(Db, key, TimeSpan.FromMinutes(1))).ShouldBeNull("the second owner still holds it");
        (await second.ReleaseAsync()).ShouldBeTrue();
        (await Db.KeyExistsAsync(key)).ShouldBeFalse();
    }

    [Fact]
    public async Task ALeaseCannotBeTakenWhileHeldAndCanOnceReleased()
    {
        var key = NewKey();
        var holder = await RedisLease.TryAcquireAsync(Db, key, TimeSpan.FromMinutes(1), owner: "run-1");
        holder.ShouldNotBeNull();
        holder.Owner.ShouldBe("run-1");

        var whileHeld = await RedisLease.TryAcquireAsync(Db, key, TimeSpan.FromMinutes(1));
        var releasedByStranger = await RedisLease.ReleaseAsync(Db, key, "run-2");
        await holder.DisposeAsync();
        var afterRelease = await RedisLease.TryAcquireAsync(Db, key, TimeSpan.FromMinutes(1));

        whileHeld.ShouldBeNull();
        releasedByStranger.ShouldBeFalse();
        afterRelease.ShouldNotBeNull();
        afterRelease.Owner.ShouldNotBe("run-1");
        (await Db.KeyTimeToLiveAsync(key) ?? TimeSpan.Zero).ShouldBeGreaterThan(TimeSpan.FromSeconds(50));
        await afterRelease.ReleaseAsync();
    }

    [Fact]
    public async Task AWaitersPollReturnsTheHoldersResultOnceItIsThere()
    {
        var key = NewKey();
        var result = $"{key}:result";
        await using var holder = await RedisLease.TryAcquireAsync(Db, key, TimeSpan.FromMinutes(1));
        var probes = 0;

        var waiting = RedisLease.PollAsync<string>(async () =>
        {
            if (Interlocked.Increment(ref probes) == 3)
            {
                // The holder leaves its result.
                await Db.StringSetAsync(result, "done", TimeSpan.FromMinutes(1));
            }
            return await Db.StringGetAsync(result) is { HasValue: true } value ? value.ToString() : null;
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20), TimeProvider.System, CancellationToken.None);
        var found = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        found.ShouldBe("done");
        probes.ShouldBe(3);
    }

    [Fact]
    public async Task AWaitersPollGivesUpAtTheDeadlineOfItsClock()
    {
        var clock = new JumpingClock(DateTimeOffset.UtcNow);
        var probes = 0;

        // Ten minutes of the clock's time, which jumps past them at the second probe: the poll ends then, not ten minutes later.
        var found = await RedisLease.PollAsync<string>(() =>
        {
            if (Interlocked.Increment(ref probes) == 2)
            {
                clock.JumpTo(clock.GetUtcNow() + TimeSpan.FromMinutes(11));
            }
            return Task.FromResult<string?>(null);
        }, TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(20), clock, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        found.ShouldBeNull();
        probes.ShouldBe(2);
    }
}
