using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.Enedis.Metering;
using MyElectricalData.Enedis.Token;

namespace MyElectricalData.Tests.Enedis;

/// <summary>Every call of the provider, over HTTP, against the Enedis sandbox.</summary>
[Collection(EnedisProviderCollection.Name)]
public sealed class ProviderContractTests(EnedisProviderFixture fixture) : IAsyncLifetime
{
    private const string Producer = "12345678901234";
    private const string ConsumerOnly = "98765432109876";
    private static readonly DateOnly Today = EnedisCalendar.Today(TimeProvider.System);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(MeteringKind.DailyConsumption, ConsumerOnly, 400, 2, 400)]
    [InlineData(MeteringKind.DailyProduction, Producer, 30, 1, 30)]
    [InlineData(MeteringKind.MaxPower, ConsumerOnly, 10, 1, 10)]
    public async Task DailyReadingsCoverTheRangeInTheFewestCalls(MeteringKind kind, string usagePointId, int days, int calls, int readings)
    {
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();
        var range = new DateRange(Today.AddDays(-days), Today);

        var reading = await metering.GetAsync(kind, usagePointId, range, CancellationToken.None);

        reading.UsagePointId.ShouldBe(usagePointId);
        reading.IntervalReading.Count.ShouldBe(readings);
        reading.IntervalReading.ShouldAllBe(r => double.Parse(r.Value, CultureInfo.InvariantCulture) >= 0);
        (await fixture.CallsAsync()).Count.ShouldBe(calls);
    }

    [Theory]
    [InlineData(MeteringKind.ConsumptionLoadCurve, ConsumerOnly)]
    [InlineData(MeteringKind.ProductionLoadCurve, Producer)]
    public async Task LoadCurvesComeInWeeksWithTimestampsAtIntervalStarts(MeteringKind kind, string usagePointId)
    {
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();
        // Ten days ending a week ago: no daylight-saving change is likely to matter for the first point.
        var range = new DateRange(Today.AddDays(-17), Today.AddDays(-7));

        var reading = await metering.GetAsync(kind, usagePointId, range, CancellationToken.None);

        (await fixture.CallsAsync()).Count.ShouldBe(2);
        reading.IntervalReading.First().Date.ShouldBe($"{range.Start:yyyy-MM-dd} 00:00:00");
        reading.IntervalReading.Last().Date.ShouldStartWith($"{range.End.AddDays(-1):yyyy-MM-dd} 23:30");
        reading.IntervalReading.Select(r => r.Date[..10]).Distinct().Count().ShouldBe(10);
    }

    [Theory]
    [InlineData(CustomerResource.Contracts, "customer")]
    [InlineData(CustomerResource.Addresses, "customer")]
    [InlineData(CustomerResource.Identity, "customer_id")]
    [InlineData(CustomerResource.Contact, "customer_id")]
    public async Task CustomerDataIsEnedisOwnPayload(CustomerResource resource, string property)
    {
        var customers = fixture.CreateProvider().GetRequiredService<IEnedisCustomers>();

        var payload = await customers.GetAsync(resource, Producer, CancellationToken.None);

        payload.ValueKind.ShouldBe(JsonValueKind.Object);
        payload.TryGetProperty(property, out _).ShouldBeTrue(payload.ToString());
    }

    [Fact]
    public async Task ContractFactsAreReadFromTheContractsPayload()
    {
        var customers = fixture.CreateProvider().GetRequiredService<IEnedisCustomers>();

        var facts = await customers.GetContractFactsAsync(Producer, CancellationToken.None);

        facts.SubscribedPower.ShouldBe("9 kVA");
        facts.OffpeakHours.ShouldNotBeNull().ShouldStartWith("HC (");
    }

    [Fact]
    public async Task AnUnconsentedUsagePointIsConsentRequiredAndNotRetried()
    {
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();

        var error = await Should.ThrowAsync<EnedisException>(() =>
            metering.GetAsync(MeteringKind.DailyConsumption, "11111111111111", new DateRange(Today.AddDays(-3), Today), CancellationToken.None));

        error.Kind.ShouldBe(EnedisErrorKind.ConsentRequired);
        error.Code.ShouldBe("ADAM-DC-0008");
        (await fixture.CallsAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task ProductionAskedOfAConsumerOnlyMeterIsAWrongMeterKind()
    {
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();

        var error = await Should.ThrowAsync<EnedisException>(() =>
            metering.GetAsync(MeteringKind.DailyProduction, ConsumerOnly, new DateRange(Today.AddDays(-3), Today), CancellationToken.None));

        error.Kind.ShouldBe(EnedisErrorKind.WrongMeterKind);
    }

    [Fact]
    public async Task AMeterWithoutDataIsNoData()
    {
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();

        var error = await Should.ThrowAsync<EnedisException>(() =>
            metering.GetAsync(MeteringKind.DailyConsumption, "00000000000000", new DateRange(Today.AddDays(-3), Today), CancellationToken.None));

        error.Kind.ShouldBe(EnedisErrorKind.NoData);
    }

    [Fact]
    public async Task ReplicasShareOneCompanyTokenThroughRedis()
    {
        var first = fixture.CreateProvider().GetRequiredService<EnedisTokenProvider>();
        var second = fixture.CreateProvider().GetRequiredService<EnedisTokenProvider>();

        var token = await first.GetTokenAsync(CancellationToken.None);

        (await second.GetTokenAsync(CancellationToken.None)).ShouldBe(token);
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.RedisConnectionString);
        var stored = (byte[]?)await redis.GetDatabase().StringGetAsync("enedis:token");
        stored.ShouldNotBeNull();
        System.Text.Encoding.UTF8.GetString(stored).ShouldNotContain(token);
    }

    [Fact]
    public async Task ARenewedTokenReplacesTheOldOneEverywhere()
    {
        var first = fixture.CreateProvider().GetRequiredService<EnedisTokenProvider>();
        var second = fixture.CreateProvider().GetRequiredService<EnedisTokenProvider>();
        var old = await first.GetTokenAsync(CancellationToken.None);

        var renewed = await first.RenewAsync(force: true, CancellationToken.None);
        await second.InvalidateAsync(old);

        renewed.AccessToken.ShouldNotBe(old);
        (await second.GetTokenAsync(CancellationToken.None)).ShouldBe(renewed.AccessToken);
    }
}
