using Microsoft.Extensions.DependencyInjection;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Metering;

namespace MyElectricalData.Tests.Enedis;

/// <summary>The deployment-wide budget: several replicas together never exceed Enedis' 5 calls per second.</summary>
[Collection(EnedisProviderCollection.Name)]
public sealed class BudgetTests(EnedisProviderFixture fixture) : IAsyncLifetime
{
    private static readonly DateOnly Today = EnedisCalendar.Today(TimeProvider.System);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => fixture.ResetAsync();

    [Fact]
    public async Task TwoReplicasUnderABurstOf200CallsNeverExceedFivePerSecondAndUseTheBudget()
    {
        var settings = new Dictionary<string, string?> { ["ENEDIS_MAX_BUDGET_WAIT_SECONDS"] = "120" };
        var replicas = new[] { fixture.CreateProvider(settings: settings), fixture.CreateProvider(settings: settings) };

        // Off xunit's synchronization context (two threads for every continuation), as in a real host.
        await Task.Run(() => Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
        {
            var metering = replicas[i % 2].GetRequiredService<IEnedisMetering>();
            var day = Today.AddDays(-1 - (i % 300));
            return metering.GetAsync(MeteringKind.DailyConsumption, "98765432109876", new DateRange(day, day.AddDays(1)), CancellationToken.None);
        })));

        var calls = (await fixture.CallsAsync()).OrderBy(c => c.Timestamp).ToList();
        calls.Where(c => c.Status != 200).ShouldBeEmpty();
        calls.Count.ShouldBe(200);
        MaxInAnyOneSecond(calls.Select(c => c.Timestamp).ToList()).ShouldBeLessThanOrEqualTo(5);
        var rate = (calls.Count - 1) / (calls[^1].Timestamp - calls[0].Timestamp).TotalSeconds;
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
