using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.Enedis.Metering;

namespace MyElectricalData.Tests.Enedis;

/// <summary>What is retried and what is not, Retry-After, and the circuit breaker, against the sandbox's injected faults.</summary>
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
    public async Task TheCircuitOpensUnderPersistentFailuresAndRecovers()
    {
        await fixture.Sandbox.PostAsJsonAsync($"/_sandbox/faults/{Meter}", new { kind = "status", status = 500 });
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();

        // Each call makes 4 attempts; the breaker (10 calls, 50 % failures) opens during the third.
        for (var i = 0; i < 4; i++)
        {
            await Should.ThrowAsync<EnedisException>(() => metering.GetAsync(MeteringKind.DailyConsumption, Meter, Week, CancellationToken.None));
        }
        var reachedEnedis = (await fixture.CallsAsync()).Count;
        var open = await Should.ThrowAsync<EnedisException>(() => metering.GetAsync(MeteringKind.DailyConsumption, Meter, Week, CancellationToken.None));
        var reachedAfterOpen = (await fixture.CallsAsync()).Count;
        await fixture.Sandbox.DeleteAsync("/_sandbox/faults");
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var recovered = await metering.GetAsync(MeteringKind.DailyConsumption, Meter, Week, CancellationToken.None);

        reachedEnedis.ShouldBeLessThan(16, "the breaker must stop calls before every attempt is made");
        open.Kind.ShouldBe(EnedisErrorKind.Unavailable);
        reachedAfterOpen.ShouldBe(reachedEnedis);
        recovered.IntervalReading.Count.ShouldBe(7);
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
