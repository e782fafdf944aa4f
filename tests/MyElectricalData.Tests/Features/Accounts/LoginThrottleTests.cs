using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Tests.Harness;
using StackExchange.Redis;

namespace MyElectricalData.Tests.Features.Accounts;

/// <summary>
/// The login limits: through the API, each attacker and victim calling from an address of its own in
/// 127.0.0.0/8, and the throttle itself against the topology's Redis where a test needs limits of its own (the
/// API's per-address limits are raised for the other tests, which all call from 127.0.0.1).
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class LoginThrottleTests(AppHostFixture fixture)
{
    [Fact]
    public async Task TheVictimLogsInWithTheRightPasswordFromAnotherAddressDuringAnAttack()
    {
        var victim = await fixture.SignUpAsync();
        var attackers = Enumerable.Range(0, 3).Select(_ => AppHostFixture.UniqueLoopbackAddress()).ToList();
        var attacks = new List<HttpStatusCode>();
        foreach (var address in attackers)
        {
            using var attacker = fixture.CreateHttpClientFrom(address);
            for (var i = 0; i < 5; i++)
            {
                attacks.Add(await LogInAsync(attacker, victim.Email, $"Wrong-Password-{i}"));
            }
        }
        using var elsewhere = fixture.CreateHttpClientFrom(AppHostFixture.UniqueLoopbackAddress());
        using var fromAnAttacker = fixture.CreateHttpClientFrom(attackers[0]);

        using var login = await elsewhere.PostAsJsonAsync("/api/accounts/login", new { email = victim.Email, password = victim.Password });
        using var lockedOut = await fromAnAttacker.PostAsJsonAsync("/api/accounts/login", new { email = victim.Email, password = victim.Password });

        attacks.ShouldAllBe(status => status == HttpStatusCode.Unauthorized || status == HttpStatusCode.TooManyRequests);
        login.StatusCode.ShouldBe(HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
        await lockedOut.ShouldFailWithAsync(HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
    }

    [Fact]
    public async Task AnAddressThatFailedDuringAnAttackWaitsABoundedDelayThenTheRightPasswordSucceeds()
    {
        var victim = await fixture.SignUpAsync();
        // Eleven failures from three addresses pass the account-wide backoff threshold (LOGIN_ACCOUNT_BACKOFF_AFTER=10);
        // with the victim's typo the wait is 4 s, a margin over one slow password hash on a busy machine.
        foreach (var (address, attempts) in new[] { (AppHostFixture.UniqueLoopbackAddress(), 5), (AppHostFixture.UniqueLoopbackAddress(), 5), (AppHostFixture.UniqueLoopbackAddress(), 1) })
        {
            using var attacker = fixture.CreateHttpClientFrom(address);
            for (var i = 0; i < attempts; i++)
            {
                (await LogInAsync(attacker, victim.Email, $"Wrong-Password-{i}")).ShouldBe(HttpStatusCode.Unauthorized);
            }
        }
        using var client = fixture.CreateHttpClientFrom(AppHostFixture.UniqueLoopbackAddress());
        (await LogInAsync(client, victim.Email, "Mistyped-Password-1")).ShouldBe(HttpStatusCode.Unauthorized);

        using var early = await client.PostAsJsonAsync("/api/accounts/login", new { email = victim.Email, password = victim.Password });
        await early.ShouldFailWithAsync(HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        var retryAfter = early.Headers.RetryAfter!.Delta!.Value;
        retryAfter.TotalSeconds.ShouldBeInRange(1, 60);
        await Task.Delay(retryAfter); // the passing of time is the condition under test
        using var later = await client.PostAsJsonAsync("/api/accounts/login", new { email = victim.Email, password = victim.Password });

        later.StatusCode.ShouldBe(HttpStatusCode.OK, await later.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FortyConcurrentWrongPasswordsGiveAtMostTheLimitOfPasswordChecks()
    {
        var victim = await fixture.SignUpAsync();
        using var attacker = fixture.CreateHttpClientFrom(AppHostFixture.UniqueLoopbackAddress());

        var statuses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => LogInAsync(attacker, victim.Email, $"Wrong-Password-{i}")));

        statuses.Count(s => s == HttpStatusCode.Unauthorized).ShouldBe(5);
        statuses.Count(s => s == HttpStatusCode.TooManyRequests).ShouldBe(35);
    }

    [Fact]
    public async Task ManyFailuresFromOneAddressLockOutEveryAccountFromIt()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString("redis"));
        var throttle = Throttle(redis, "LOGIN_MAX_FAILURES_PER_ADDRESS", "3");
        var address = UniqueAddress();

        for (var i = 0; i < 3; i++)
        {
            (await throttle.TryBeginAsync($"victim-{i}@example.org", address)).ShouldBeNull();
            await throttle.FailedAsync($"victim-{i}@example.org", address);
        }
        var lockedOut = await throttle.TryBeginAsync("someone-else@example.org", address);
        var elsewhere = await throttle.TryBeginAsync("someone-else@example.org", UniqueAddress());

        lockedOut.ShouldNotBeNull().Status.ShouldBe(429);
        lockedOut.RetryAfterSeconds!.Value.ShouldBeInRange(1, 15 * 60);
        elsewhere.ShouldBeNull();
    }

    [Fact]
    public async Task SuccessfulLoginsFromOneAddressBeyondTheLimitAreRefused()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString("redis"));
        var throttle = Throttle(redis, "LOGIN_MAX_SUCCESSES_PER_ADDRESS", "3");
        var address = UniqueAddress();
        (await throttle.TryBeginAsync("typo@example.org", address)).ShouldBeNull();
        await throttle.FailedAsync("typo@example.org", address);
        for (var i = 0; i < 3; i++)
        {
            (await throttle.TryBeginAsync($"user-{i}@example.org", address)).ShouldBeNull();
            await throttle.SucceededAsync($"user-{i}@example.org", address);
        }

        var flooding = await throttle.TryBeginAsync("user-3@example.org", address);
        var elsewhere = await throttle.TryBeginAsync("user-3@example.org", UniqueAddress());

        flooding.ShouldNotBeNull().Status.ShouldBe(429);
        flooding.Code.ShouldBe("RATE_LIMIT_EXCEEDED");
        flooding.RetryAfterSeconds!.Value.ShouldBeInRange(1, 60);
        elsewhere.ShouldBeNull();
    }

    private static LoginThrottle Throttle(IConnectionMultiplexer redis, string name, string value) =>
        new(redis, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [name] = value }).Build());

    // Not a real address: the throttle only uses it in keys, and no API call can come from it.
    private static string UniqueAddress() => $"203.0.113.{Random.Shared.Next(1, 250)}-{Guid.NewGuid():N}";

    private static async Task<HttpStatusCode> LogInAsync(HttpClient client, string email, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/accounts/login", new { email, password });
        return response.StatusCode;
    }
}
