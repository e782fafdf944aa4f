using Microsoft.Extensions.DependencyInjection;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Metering;
using Xunit.Abstractions;

namespace MyElectricalData.Tests.Enedis;

/// <summary>The deployment-wide budget: several replicas together never exceed Enedis' 5 calls per second.</summary>
[Collection(EnedisProviderCollection.Name)]
public sealed class BudgetTests(EnedisProviderFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateOnly Today = EnedisCalendar.Today(TimeProvider.System);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => fixture.ResetAsync();

    /// <remarks>
    /// Both sides are checked. What left the two replicas (the last handler before the socket) must never exceed
    /// 5 calls in a second: that is the budget's promise. The sandbox, standing for Enedis, must have served every
    /// call at no less than 4.5/s; a refusal from it is accepted only when the six calls it counted had left us
    /// more than a second apart, i.e. when its own reading was late. That happens on these shared virtual machines
    /// (measured with tcpdump: requests on the wire 120 to 230 ms apart, logged by the sandbox within 3 ms, after
    /// it was descheduled); the client honours the 429 and the read still succeeds.
    /// </remarks>
    [Fact]
    public async Task TwoReplicasUnderABurstOf200CallsNeverExceedFivePerSecondAndUseTheBudget()
    {
        // The burst queues ~40 s for slots: waits that interactive calls, held to 18 s, are not allowed.
        var settings = new Dictionary<string, string?> { ["ENEDIS_MAX_BUDGET_WAIT_SECONDS"] = "120", ["ENEDIS_TIMEOUT_SECONDS"] = "150" };
        var replicas = new[] { fixture.CreateProvider(settings: settings), fixture.CreateProvider(settings: settings) };

        // Off xunit's synchronization context (two threads for every continuation), as in a real host.
        await Task.Run(() => Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
        {
            var metering = replicas[i % 2].GetRequiredService<IEnedisMetering>();
            var day = Today.AddDays(-1 - (i % 300));
            return metering.GetAsync(MeteringKind.DailyConsumption, "98765432109876", new DateRange(day, day.AddDays(1)), CancellationToken.None);
        })));

        var calls = (await fixture.CallsAsync()).OrderBy(c => c.Timestamp).ToList();
        var sends = fixture.Sends.Sends.Where(s => s.Start is not null).OrderBy(s => s.At).ToList();
        var served = calls.Where(c => c.Status == 200).ToList();
        var refused = calls.Where(c => c.Status == 429).ToList();
        DateTimeOffset SentAt(SandboxCall call) => sends.Last(s => s.Start == call.Start && s.At <= call.Timestamp + TimeSpan.FromMilliseconds(5)).At;
        var lags = served.Select(c => (c.Timestamp - SentAt(c)).TotalMilliseconds).Order().ToList();
        output.WriteLine($"served {served.Count}, refused {refused.Count}, sandbox lag after send p50 {lags[lags.Count / 2]:0.0} ms, max {lags[^1]:0.0} ms");

        calls.Where(c => c.Status is not (200 or 429)).ShouldBeEmpty();
        served.Select(c => c.Start).Distinct().Count().ShouldBe(200);
        MaxInAnyOneSecond(sends.Select(s => s.At).ToList()).ShouldBeLessThanOrEqualTo(5);
        foreach (var refusal in refused)
        {
            var counted = served.Where(c => c.Timestamp > refusal.Timestamp - TimeSpan.FromSeconds(1) && c.Timestamp <= refusal.Timestamp).ToList();
            var span = SentAt(refusal) - counted.Min(SentAt);
            span.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1), $"the sandbox refused a call at {refusal.Timestamp:HH:mm:ss.fff} that left within a second of five others");
        }
        var rate = (served.Count - 1) / (served[^1].Timestamp - served[0].Timestamp).TotalSeconds;
        output.WriteLine($"sustained rate at the sandbox {rate:0.000}/s; largest count in a second: sent {MaxInAnyOneSecond(sends.Select(s => s.At).ToList())}, logged {MaxInAnyOneSecond(calls.Select(c => c.Timestamp).ToList())}");
        rate.ShouldBeGreaterThanOrEqualTo(4.5);
    }

    [Fact]
    public async Task BackgroundWorkLeavesTheReservedShareToInteractiveCalls()
    {
        var provider = fixture.CreateProvider();
        var budget = provider.GetRequiredService<EnedisBudget>();

        // Background may take 5 - 2 = 3 slots of a second; interactive callers still get the remaining 2 at once.
        for (var i = 0; i < 3; i++)
        {
            await budget.AcquireAsync(EnedisPriority.Background, CancellationToken.None);
        }
        var started = TimeProvider.System.GetTimestamp();
        await budget.AcquireAsync(EnedisPriority.Interactive, CancellationToken.None);
        await budget.AcquireAsync(EnedisPriority.Interactive, CancellationToken.None);
        var interactiveWait = TimeProvider.System.GetElapsedTime(started);
        await budget.AcquireAsync(EnedisPriority.Background, CancellationToken.None);
        var backgroundWait = TimeProvider.System.GetElapsedTime(started);

        interactiveWait.ShouldBeLessThan(TimeSpan.FromMilliseconds(500));
        backgroundWait.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task BackgroundCountsOnlyItsOwnCallsAgainstItsShare()
    {
        var provider = fixture.CreateProvider();
        var budget = provider.GetRequiredService<EnedisBudget>();

        // One interactive call, then background takes its full share of 3: the reserve used by interactive
        // traffic is not charged to background a second time.
        await budget.AcquireAsync(EnedisPriority.Interactive, CancellationToken.None);
        var started = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < 3; i++)
        {
            await budget.AcquireAsync(EnedisPriority.Background, CancellationToken.None);
        }
        var threeBackground = TimeProvider.System.GetElapsedTime(started);
        await budget.AcquireAsync(EnedisPriority.Background, CancellationToken.None);
        var fourthBackground = TimeProvider.System.GetElapsedTime(started);

        // Three spaced admissions take ~2 x 170 ms; a fourth waits for the first background slot to leave the window.
        threeBackground.ShouldBeLessThan(TimeSpan.FromMilliseconds(800));
        fourthBackground.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(1000));
    }

    [Fact]
    public async Task EachReadTakesItsSlotAtThePriorityItWasAskedWith()
    {
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.RedisConnectionString);
        var db = redis.GetDatabase();
        var yesterday = new DateRange(Today.AddDays(-1), Today);

        // At once, from one flow: the priority goes with each request, not with the code path that made it.
        await Task.WhenAll(
            metering.GetAsync(MeteringKind.DailyConsumption, "98765432109876", yesterday, EnedisPriority.Background, CancellationToken.None),
            metering.GetAsync(MeteringKind.DailyConsumption, "98765432109876", new DateRange(Today.AddDays(-2), Today.AddDays(-1)), CancellationToken.None));

        (await db.SortedSetLengthAsync(EnedisBudget.SecondKey)).ShouldBe(2);
        (await db.SortedSetLengthAsync(EnedisBudget.BackgroundKey)).ShouldBe(1);
        (await db.KeyExistsAsync(EnedisBudget.InteractiveKey)).ShouldBeTrue();
    }

    [Fact]
    public async Task AStaleAdmissionIsGivenBackAndRetaken()
    {
        var provider = fixture.CreateProvider(settings: new Dictionary<string, string?> { ["ENEDIS_BUDGET_SEND_TOLERANCE_MS"] = "15" });
        var budget = provider.GetRequiredService<EnedisBudget>();
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.RedisConnectionString);
        var db = redis.GetDatabase();

        var fresh = await budget.AcquireAsync(EnedisPriority.Interactive, CancellationToken.None);
        (await budget.KeepFreshAsync(fresh, CancellationToken.None)).ShouldBe(fresh);

        var stale = await budget.AcquireAsync(EnedisPriority.Background, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(60));
        var retaken = await budget.KeepFreshAsync(stale, CancellationToken.None);

        retaken.Member.ShouldNotBe(stale.Member);
        retaken.Priority.ShouldBe(EnedisPriority.Background);
        (await db.SortedSetScoreAsync(EnedisBudget.SecondKey, stale.Member)).ShouldBeNull();
        (await db.SortedSetScoreAsync(EnedisBudget.HourKey, stale.Member)).ShouldBeNull();
        (await db.SortedSetScoreAsync(EnedisBudget.BackgroundKey, stale.Member)).ShouldBeNull();
        (await db.SortedSetScoreAsync(EnedisBudget.SecondKey, retaken.Member)).ShouldNotBeNull();
        (await db.SortedSetScoreAsync(EnedisBudget.BackgroundKey, retaken.Member)).ShouldNotBeNull();
        (await db.SortedSetLengthAsync(EnedisBudget.SecondKey)).ShouldBe(2);
    }

    /// <summary>The largest number of timestamps inside any window [t, t + 1 s).</summary>
    public static int MaxInAnyOneSecond(IReadOnlyList<DateTimeOffset> sorted)
    {
        var max = 0;
        var start = 0;
        for (var end = 0; end < sorted.Count; end++)
        {
            while (sorted[end] - sorted[start] >= TimeSpan.FromSeconds(1))
            {
                start++;
            }
            max = Math.Max(max, end - start + 1);
        }
        return max;
    }
}
