using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.Enedis.Metering;
using MyElectricalData.Tests.Harness;
using Polly.CircuitBreaker;

namespace MyElectricalData.Tests.Enedis;

/// <summary>What is retried and what is not, Retry-After, timeouts, and the circuit breaker per endpoint family and usage points, against the sandbox's injected faults.</summary>
[Collection(EnedisProviderCollection.Name)]
public sealed class ResilienceTests(EnedisProviderFixture fixture) : IAsyncLifetime
{
    private const string Meter = "98765432109876";
    private static readonly DateOnly Today = EnedisCalendar.Today(TimeProvider.System);
    private static readonly DateRange Week = new(Today.AddDays(-7), Today);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => fixture.ResetAsync();

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task ATransientFailureIsRetriedAndSucceeds(int status)
    {
        await fixture.Sandbox.PostAsJsonAsync($"/_sandbox/faults/{Meter}", new { kind = "status", status, count = 1 });
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();

        var reading = await metering.GetAsync(MeteringKind.DailyConsumption, Meter, Week, CancellationToken.None);

        reading.IntervalReading.Count.ShouldBe(7);
        (await fixture.CallsAsync()).Select(c => c.Status).ShouldBe([status, 200]);
    }

    [Fact]
    public async Task AClientErrorIsNotRetried()
    {
        await fixture.Sandbox.PostAsJsonAsync($"/_sandbox/faults/{Meter}", new { kind = "status", status = 400, count = 1 });
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();

        await Should.ThrowAsync<EnedisException>(() => metering.GetAsync(MeteringKind.DailyConsumption, Meter, Week, CancellationToken.None));

        (await fixture.CallsAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task ATooManyRequestsWaitsForItsRetryTime()
    {
        // A stricter Enedis (2 calls/s) than our budget (5/s): the third call of a burst gets 429 + Retry-After.
        await using var strict = await EnedisProviderFixture.StartSandboxAsync(new Dictionary<string, string?> { ["Sandbox:RatePerSecond"] = "2" });
        var url = new Uri(strict.Urls.First());
        using var control = new HttpClient { BaseAddress = url };
        var metering = fixture.CreateProvider(url).GetRequiredService<IEnedisMetering>();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            metering.GetAsync(MeteringKind.DailyConsumption, Meter, new DateRange(Today.AddDays(-1 - i), Today.AddDays(-i)), CancellationToken.None)));

        var calls = await fixture.CallsAsync(control);
        var refused = calls.Single(c => c.Status == 429);
        var retried = calls.Where(c => c.Start == refused.Start && c.Status == 200).ShouldHaveSingleItem();
        (retried.Timestamp - refused.Timestamp).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95));
    }

    [Fact]
    public async Task TheCircuitOfAnEndpointOpensWhenManyUsagePointsFailThereAndRecovers()
    {
        string[] failing = [GatewayClient.UniqueUsagePointId(), GatewayClient.UniqueUsagePointId(), GatewayClient.UniqueUsagePointId()];
        foreach (var meter in failing)
        {
            await fixture.Sandbox.PostAsJsonAsync($"/_sandbox/faults/{meter}", new { kind = "status", status = 500 });
        }
        var healthy = await fixture.ConsentedMeterAsync();
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();

        // Each failing read makes up to 4 attempts; the third failing meter opens the daily_consumption circuit.
        foreach (var meter in failing)
        {
            await Should.ThrowAsync<EnedisException>(() => metering.GetAsync(MeteringKind.DailyConsumption, meter, Week, CancellationToken.None));
        }
        var reachedEnedis = (await fixture.CallsAsync()).Count;
        var open = await Should.ThrowAsync<EnedisException>(() => metering.GetAsync(MeteringKind.DailyConsumption, healthy, Week, CancellationToken.None));
        var reachedAfterOpen = (await fixture.CallsAsync()).Count;
        var otherEndpoint = await metering.GetAsync(MeteringKind.MaxPower, healthy, Week, CancellationToken.None);
        await fixture.Sandbox.DeleteAsync("/_sandbox/faults");
        var recovered = await Poll.UntilAsync(
            async () => await TryReadAsync(metering, healthy),
            reading => reading is not null, TimeSpan.FromSeconds(10), "the circuit to close after its 2 s break");

        reachedEnedis.ShouldBe(4 + 4 + 1, "the first failure of the third meter opens the circuit");
        open.Kind.ShouldBe(EnedisErrorKind.Unavailable);
        open.InnerException.ShouldBeOfType<BrokenCircuitException>();
        open.RetryAfter.ShouldNotBeNull().ShouldBeInRange(TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(2));
        reachedAfterOpen.ShouldBe(reachedEnedis, "an open circuit answers without calling Enedis");
        otherEndpoint.IntervalReading.Count.ShouldBe(7, "other endpoint families keep their own circuit");
        recovered!.IntervalReading.Count.ShouldBe(7);
    }

    [Fact]
    public async Task FailuresOfOneUsagePointLeaveOtherUsagePointsReading()
    {
        var broken = GatewayClient.UniqueUsagePointId();
        await fixture.Sandbox.PostAsJsonAsync($"/_sandbox/faults/{broken}", new { kind = "status", status = 503 });
        var healthy = await fixture.ConsentedMeterAsync();
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();

        // 4 reads of 4 attempts: 16 failures in a row, more than Polly's breaker needed (10 calls, half failing).
        var errors = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Should.ThrowAsync<EnedisException>(() => metering.GetAsync(MeteringKind.DailyConsumption, broken, Week, CancellationToken.None))));
        var reading = await metering.GetAsync(MeteringKind.DailyConsumption, healthy, Week, CancellationToken.None);
        var calls = await fixture.CallsAsync();

        errors.ShouldAllBe(e => e.Kind == EnedisErrorKind.Unavailable && e.Status == 503, "each read of the broken meter gets Enedis' own answer");
        calls.Count(c => c.UsagePointId == broken).ShouldBe(16);
        reading.IntervalReading.Count.ShouldBe(7);
        calls.Where(c => c.UsagePointId == healthy).Select(c => c.Status).ShouldBe([200]);
    }

    [Fact]
    public async Task AFewFailingMetersAmongManyHealthyOnesKeepTheCircuitClosed()
    {
        var healthy = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            healthy.Add(await fixture.ConsentedMeterAsync());
        }
        string[] failing = [GatewayClient.UniqueUsagePointId(), GatewayClient.UniqueUsagePointId(), GatewayClient.UniqueUsagePointId()];
        foreach (var meter in failing)
        {
            await fixture.Sandbox.PostAsJsonAsync($"/_sandbox/faults/{meter}", new { kind = "status", status = 500 });
        }
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();
        foreach (var meter in healthy)
        {
            await metering.GetAsync(MeteringKind.DailyConsumption, meter, Week, CancellationToken.None);
        }

        // Three meters failing out of seven seen: under half, so their owners' trouble, not Enedis'.
        foreach (var meter in failing)
        {
            await Should.ThrowAsync<EnedisException>(() => metering.GetAsync(MeteringKind.DailyConsumption, meter, Week, CancellationToken.None));
        }
        var reading = await metering.GetAsync(MeteringKind.DailyConsumption, healthy[0], new DateRange(Today.AddDays(-2), Today.AddDays(-1)), CancellationToken.None);

        reading.IntervalReading.Count.ShouldBe(1);
        (await fixture.CallsAsync()).Count(c => failing.Contains(c.UsagePointId)).ShouldBe(3 * 4, "every failing read made all its attempts");
    }

    [Fact]
    public async Task AnEnedisThatDoesNotAnswerIsGivenUpWithinTwentySecondsWithARetryHint()
    {
        var meter = await fixture.ConsentedMeterAsync();
        await fixture.Sandbox.PostAsJsonAsync($"/_sandbox/faults/{meter}", new { kind = "timeout", delay_ms = 30_000 });
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();
        var started = System.Diagnostics.Stopwatch.StartNew();

        var error = await Should.ThrowAsync<EnedisException>(() => metering.GetAsync(MeteringKind.DailyConsumption, meter, Week, CancellationToken.None));
        var elapsed = started.Elapsed;

        elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        error.Kind.ShouldBe(EnedisErrorKind.Unavailable);
        error.Status.ShouldBeNull("Enedis never answered");
        var answer = EnedisErrorMapping.ToApiError(error);
        answer.Status.ShouldBe(503);
        answer.Code.ShouldBe(ErrorCodes.EnedisUnavailable);
        answer.RetryAfterSeconds.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    private static async Task<MeterReading?> TryReadAsync(IEnedisMetering metering, string meter)
    {
        try
        {
            return await metering.GetAsync(MeteringKind.DailyConsumption, meter, Week, CancellationToken.None);
        }
        catch (EnedisException e) when (e.InnerException is BrokenCircuitException)
        {
            return null;
        }
    }

    [Fact]
    public async Task AMalformedAnswerIsABadResponse()
    {
        await fixture.Sandbox.PostAsJsonAsync($"/_sandbox/faults/{Meter}", new { kind = "malformed", count = 1 });
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();

        var error = await Should.ThrowAsync<EnedisException>(() => metering.GetAsync(MeteringKind.DailyConsumption, Meter, Week, CancellationToken.None));

        error.Kind.ShouldBe(EnedisErrorKind.BadResponse);
    }
}
