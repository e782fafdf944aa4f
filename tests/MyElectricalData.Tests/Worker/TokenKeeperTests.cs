using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MyElectricalData.Enedis;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Metering;
using MyElectricalData.Enedis.Token;
using MyElectricalData.Tests.Enedis;
using MyElectricalData.Tests.Harness;
using MyElectricalData.Worker.Tokens;

namespace MyElectricalData.Tests.Worker;

[Collection(WorkerCollection.Name)]
public sealed class TokenKeeperTests(WorkerFixture fixture)
{
    [Fact]
    public async Task TheKeeperRenewsTheTokenBeforeItExpiresSoNoCallSeesAnExpiredToken()
    {
        // Tokens of 4 s; the provider renews on demand within 1 s of expiry, the keeper 1 s before that.
        await using var sandbox = await EnedisProviderFixture.StartSandboxAsync(new Dictionary<string, string?> { ["Sandbox:TokenLifetimeSeconds"] = "4" });
        using var sandboxClient = new HttpClient { BaseAddress = new Uri(sandbox.Urls.First()) };
        using var worker = fixture.CreateWorker(
            settings: new Dictionary<string, string?> { ["Worker:TokenKeeper:Lead"] = "00:00:01", ["Worker:Prewarm:Enabled"] = "false" },
            sandbox: new Uri(sandbox.Urls.First()),
            services: s => s.PostConfigure<EnedisOptions>(o => o.TokenRefreshAhead = TimeSpan.FromSeconds(1)));
        // This sandbox did not issue the topology's shared token: start without one.
        await fixture.Redis.GetDatabase().KeyDeleteAsync("enedis:token");
        var keeper = worker.Services.GetRequiredService<TokenKeeper>();
        var tokens = worker.Services.GetRequiredService<EnedisTokenProvider>();
        var metering = worker.Services.GetRequiredService<IEnedisMetering>();
        var yesterday = EnedisCalendar.Today(TimeProvider.System).AddDays(-1);

        await worker.StartAsync();
        var health = new List<HealthStatus>();
        var expiries = new HashSet<DateTimeOffset>();
        var started = DateTime.UtcNow;
        try
        {
            while (DateTime.UtcNow - started < TimeSpan.FromSeconds(7))
            {
                await metering.GetAsync(MeteringKind.DailyConsumption, "12345678901234", new DateRange(yesterday, yesterday.AddDays(1)), CancellationToken.None);
                health.Add((await keeper.CheckHealthAsync(new HealthCheckContext())).Status);
                if (tokens.ExpiresAt is { } expiresAt)
                {
                    expiries.Add(expiresAt);
                }
            }
        }
        finally
        {
            await worker.StopAsync();
            await fixture.Redis.GetDatabase().KeyDeleteAsync("enedis:token");
        }

        var calls = await fixture.CallsAsync(sandboxClient);
        calls.Count.ShouldBeGreaterThan(10);
        calls.Where(c => c.Status != 200).ShouldBeEmpty();
        // 7 s of tokens renewed every 2 s: at least three renewals, each by the keeper.
        keeper.Renewals.ShouldBeGreaterThanOrEqualTo(3);
        expiries.Count.ShouldBe(keeper.Renewals);
        health.ShouldAllBe(h => h == HealthStatus.Healthy);
    }

    [Fact]
    public async Task HealthIsDegradedWhileRenewalsFailAndUnhealthyOnceTheTokenExpired()
    {
        await using var sandbox = await EnedisProviderFixture.StartSandboxAsync(new Dictionary<string, string?> { ["Sandbox:TokenLifetimeSeconds"] = "3" });
        var url = new Uri(sandbox.Urls.First());
        using var worker = fixture.CreateWorker(
            settings: new Dictionary<string, string?> { ["Worker:TokenKeeper:Lead"] = "00:00:00.5", ["Worker:Prewarm:Enabled"] = "false", ["Worker:TokenKeeper:FirstRetryDelay"] = "00:00:00.2" },
            sandbox: url,
            services: s => s.PostConfigure<EnedisOptions>(o => o.TokenRefreshAhead = TimeSpan.FromSeconds(1)));
        await fixture.Redis.GetDatabase().KeyDeleteAsync("enedis:token");
        var keeper = worker.Services.GetRequiredService<TokenKeeper>();
        await worker.StartAsync();
        try
        {
            await Poll.UntilAsync(() => keeper.Renewals >= 1, TimeSpan.FromSeconds(10), "a first renewal");
            await sandbox.StopAsync();

            await Poll.UntilAsync(async () => (await keeper.CheckHealthAsync(new HealthCheckContext())).Status, s => s == HealthStatus.Degraded,
                TimeSpan.FromSeconds(10), "degraded health while the token is still valid");
            await Poll.UntilAsync(async () => (await keeper.CheckHealthAsync(new HealthCheckContext())).Status, s => s == HealthStatus.Unhealthy,
                TimeSpan.FromSeconds(10), "unhealthy once the token expired");
        }
        finally
        {
            await worker.StopAsync();
            await fixture.Redis.GetDatabase().KeyDeleteAsync("enedis:token");
        }
    }
}
