using Microsoft.Extensions.Configuration;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Tests.Harness;
using StackExchange.Redis;

namespace MyElectricalData.Tests.Features.Accounts;

/// <summary>The lock-out by client address, against the topology's Redis (the API's own limit is raised for the other tests).</summary>
[Collection(AppHostCollection.Name)]
public sealed class LoginThrottleTests(AppHostFixture fixture)
{
    [Fact]
    public async Task ManyFailuresFromOneAddressLockOutEveryAccountFromIt()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString("redis"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["LOGIN_MAX_FAILURES_PER_ADDRESS"] = "3" }).Build();
        var throttle = new LoginThrottle(redis, configuration);
        var address = $"203.0.113.{Random.Shared.Next(1, 250)}-{Guid.NewGuid():N}";

        for (var i = 0; i < 3; i++)
        {
            (await throttle.CheckAsync($"victim-{i}@example.org", address)).ShouldBeNull();
            await throttle.RecordFailureAsync($"victim-{i}@example.org", address);
        }
        var lockedOut = await throttle.CheckAsync("someone-else@example.org", address);
        var elsewhere = await throttle.CheckAsync("someone-else@example.org", "198.51.100.7");

        lockedOut.ShouldNotBeNull().Status.ShouldBe(429);
        lockedOut.RetryAfterSeconds!.Value.ShouldBeInRange(1, 15 * 60);
        elsewhere.ShouldBeNull();
    }
}
