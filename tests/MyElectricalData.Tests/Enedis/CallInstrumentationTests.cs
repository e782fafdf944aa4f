using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using MyElectricalData.Enedis;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.Enedis.Metering;

namespace MyElectricalData.Tests.Enedis;

/// <summary>Every typed call is measured the same way: a client span, enedis.requests and enedis.request.duration by endpoint and outcome.</summary>
[Collection(EnedisProviderCollection.Name)]
public sealed class CallInstrumentationTests(EnedisProviderFixture fixture) : IAsyncLifetime, IDisposable
{
    private const string Producer = "12345678901234";
    private const string Unconsented = "11111111111111";
    private static readonly DateOnly Today = EnedisCalendar.Today(TimeProvider.System);

    private readonly ConcurrentQueue<(string Instrument, string? Endpoint, string? Outcome)> _measurements = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private MeterListener? _meters;
    private ActivityListener? _activities;

    public Task InitializeAsync()
    {
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EnedisTelemetry.Name && instrument.Name is "enedis.requests" or "enedis.request.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
        _meters.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EnedisTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        return fixture.ResetAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _meters?.Dispose();
        _activities?.Dispose();
    }

    [Fact]
    public async Task ACustomerCallIsCountedAndTimedByEndpointAndOutcome()
    {
        var customers = fixture.CreateProvider().GetRequiredService<IEnedisCustomers>();

        await customers.GetAsync(CustomerResource.Contracts, Producer, CancellationToken.None);
        var error = await Should.ThrowAsync<EnedisException>(() => customers.GetAsync(CustomerResource.Addresses, Unconsented, CancellationToken.None));

        _measurements.ShouldContain(("enedis.requests", "contracts", "ok"));
        _measurements.ShouldContain(("enedis.request.duration", "contracts", "ok"));
        _measurements.ShouldContain(("enedis.requests", "addresses", error.Kind.ToString()));
        _measurements.ShouldContain(("enedis.request.duration", "addresses", error.Kind.ToString()));
        var failed = _spans.Single(s => s.DisplayName == "enedis addresses");
        failed.Kind.ShouldBe(ActivityKind.Client);
        failed.Status.ShouldBe(ActivityStatusCode.Error);
        failed.GetTagItem("enedis.error_kind").ShouldBe(error.Kind.ToString());
    }

    [Fact]
    public async Task AMeteringCallIsMeasuredTheSameWay()
    {
        var metering = fixture.CreateProvider().GetRequiredService<IEnedisMetering>();

        await metering.GetAsync(MeteringKind.DailyConsumption, Producer, new DateRange(Today.AddDays(-3), Today), CancellationToken.None);

        _measurements.ShouldContain(("enedis.requests", "daily_consumption", "ok"));
        _measurements.ShouldContain(("enedis.request.duration", "daily_consumption", "ok"));
        var span = _spans.Single(s => s.DisplayName == "enedis daily_consumption");
        span.GetTagItem("enedis.endpoint").ShouldBe("daily_consumption");
        span.GetTagItem("enedis.days").ShouldBe(3);
    }

    private void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? endpoint = null, outcome = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "endpoint":
                    endpoint = tag.Value as string;
                    break;
                case "outcome":
                    outcome = tag.Value as string;
                    break;
            }
        }
        _measurements.Enqueue((instrument.Name, endpoint, outcome));
    }
}
