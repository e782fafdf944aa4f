using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MyElectricalData.Data.Database;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Tests.Harness;
using MyElectricalData.Worker.Prewarm;

namespace MyElectricalData.Tests.Worker;

[Collection(WorkerCollection.Name)]
public sealed class PrewarmTests(WorkerFixture fixture)
{
    private static readonly DateOnly Today = EnedisCalendar.Today(TimeProvider.System);
    private static readonly string Yesterday = Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static readonly string TodayText = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ARunWarmsEveryActivePdlAndTheApiThenServesYesterdayFromCacheWithoutCallingEnedis()
    {
        using var worker = fixture.CreateWorker();
        await fixture.ResetAsync(worker);
        var (api, usagePointId) = await fixture.SignUpWithPdlAsync();
        var seeded = await fixture.SeedAsync(worker, 3, production: true);
        // The consent that bound the signed-up PDL described it (contract, production): those calls are not the run's.
        await fixture.Sandbox.DeleteAsync("/_sandbox/calls");

        var report = await worker.Services.GetRequiredService<PrewarmJob>().RunOnceAsync(CancellationToken.None);
        var callsAfterWarm = (await fixture.CallsAsync()).Count;
        using var response = await api.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={Yesterday}&end={TodayText}");

        report.Warmed.ShouldBe(4);
        report.Failed.ShouldBe(0);
        // Consumption-only PDL: daily + load curve; producing ones: the two production kinds as well.
        report.UpstreamCalls.ShouldBe(2 + 3 * 4);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Headers.GetValues("X-Cache-Status").Single().ShouldBe("HIT");
        (await fixture.CallsAsync()).Count.ShouldBe(callsAfterWarm);
        var calls = await fixture.CallsAsync();
        foreach (var id in seeded.Select(s => s.Pdl.UsagePointId).Append(usagePointId))
        {
            calls.Where(c => c.UsagePointId == id).ShouldAllBe(c => c.Start == Yesterday && c.End == TodayText && c.Status == 200);
        }
    }

    [Fact]
    public async Task TwoWorkersRunningAtOnceWarmEachPdlOnce()
    {
        using var first = fixture.CreateWorker();
        using var second = fixture.CreateWorker();
        await fixture.ResetAsync(first);
        var seeded = await fixture.SeedAsync(first, 12);

        var reports = await Task.WhenAll(
            first.Services.GetRequiredService<PrewarmJob>().RunOnceAsync(CancellationToken.None),
            second.Services.GetRequiredService<PrewarmJob>().RunOnceAsync(CancellationToken.None));

        var calls = await fixture.CallsAsync();
        calls.GroupBy(c => (c.UsagePointId, c.Path, c.Start, c.End)).ShouldAllBe(g => g.Count() == 1);
        calls.Select(c => c.UsagePointId).Distinct().Order().ShouldBe(seeded.Select(s => s.Pdl.UsagePointId).Order());
        calls.Count.ShouldBe(12 * 2);
        reports.Sum(r => r.Warmed).ShouldBe(12);
        reports.ShouldAllBe(r => r.Warmed + r.DoneElsewhere == 12);
    }

    [Fact]
    public async Task AWorkerKilledMidRunLeavesLeasesThatExpireAndTheNextRunCompletes()
    {
        var settings = new Dictionary<string, string?> { ["Worker:Prewarm:LeaseDuration"] = "00:00:04", ["Worker:Prewarm:Concurrency"] = "2" };
        using var killed = fixture.CreateWorker(settings: settings);
        using var next = fixture.CreateWorker(settings: settings);
        await fixture.ResetAsync(killed);
        var seeded = await fixture.SeedAsync(killed, 4);
        foreach (var (_, pdl, _) in seeded)
        {
            await fixture.Sandbox.PostAsJsonAsync($"/_sandbox/faults/{pdl.UsagePointId}", new { kind = "latency", delay_ms = 1500, count = 1 });
        }
        var db = fixture.Redis.GetDatabase();
        string?[] Leases() => [.. seeded.Select(s => (string?)db.StringGet(PrewarmLeases.Key(Today, s.Pdl.UsagePointId)))];

        using var kill = new CancellationTokenSource();
        var run = killed.Services.GetRequiredService<PrewarmJob>().RunOnceAsync(kill.Token);
        await Poll.UntilAsync(() => Leases().Count(l => l is not null) == 2, TimeSpan.FromSeconds(10), "the first worker to claim two PDLs");
        await kill.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(run);
        var leftBehind = Leases().Count(l => l is not null and not "done");
        var report = await next.Services.GetRequiredService<PrewarmJob>().RunOnceAsync(CancellationToken.None);

        leftBehind.ShouldBe(2);
        report.Ran.ShouldBeTrue();
        (report.Warmed + report.DoneElsewhere).ShouldBe(4);
        Leases().ShouldAllBe(l => l == "done");
        (await next.Services.GetRequiredService<PrewarmLeases>().LastCompletedAsync()).ShouldBe(Today);
    }

    [Fact]
    public async Task ConsentRevokedPdlsAreFlaggedAndSkippedByLaterRuns()
    {
        using var worker = fixture.CreateWorker();
        await fixture.ResetAsync(worker);
        var consented = (await fixture.SeedAsync(worker, 1)).Single();
        var revoked = (await fixture.SeedAsync(worker, 1, consent: false)).Single();
        await fixture.Sandbox.DeleteAsync($"/_sandbox/consents/{revoked.Pdl.UsagePointId}");
        var job = worker.Services.GetRequiredService<PrewarmJob>();

        var first = await job.RunOnceAsync(CancellationToken.None);
        await fixture.Redis.GetDatabase().KeyDeleteAsync(PrewarmLeases.CompletedKey);
        await fixture.Sandbox.DeleteAsync("/_sandbox/calls");
        var second = await job.RunOnceAsync(CancellationToken.None);

        first.ConsentRevoked.ShouldBe(1);
        first.Warmed.ShouldBe(1);
        await using var scope = worker.Services.CreateAsyncScope();
        var pdls = scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Pdls;
        (await pdls.FindAsync(revoked.Pdl.Id))!.ConsentRevokedAt.ShouldNotBeNull();
        (await pdls.FindAsync(consented.Pdl.Id))!.ConsentRevokedAt.ShouldBeNull();
        second.Total.ShouldBe(1);
        (await fixture.CallsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task InteractiveRequestsStillGetTheirShareWhileALargePrewarmRuns()
    {
        using var worker = fixture.CreateWorker();
        await fixture.ResetAsync(worker);
        var (api, usagePointId) = await fixture.SignUpWithPdlAsync();
        await fixture.SeedAsync(worker, 20);
        var run = worker.Services.GetRequiredService<PrewarmJob>().RunOnceAsync(CancellationToken.None);
        await Poll.UntilAsync(async () => (await fixture.CallsAsync()).Count, n => n >= 5, TimeSpan.FromSeconds(10), "the pre-warm to be calling Enedis");

        // A user asking, one request after another, for days the pre-warm does not touch (use_cache=false: each reaches Enedis).
        var latencies = new List<TimeSpan>();
        var started = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < 8; i++)
        {
            var day = Today.AddDays(-10 - i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var sent = TimeProvider.System.GetTimestamp();
            using var response = await api.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start={day}&end={day}&use_cache=false");
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            latencies.Add(TimeProvider.System.GetElapsedTime(sent));
        }
        var interactiveRate = 8 / TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        var stillRunning = !run.IsCompleted;
        var report = await run;

        stillRunning.ShouldBeTrue("the interactive requests must have competed with the pre-warm");
        report.Warmed.ShouldBe(21);
        // The reserve is 2 slots of a 1.075 s window (at most 1.86/s, less the even spacing of all admissions and the
        // API's own time): a user's sequential requests keep well over one per second beside the pre-warm's queue.
        interactiveRate.ShouldBeGreaterThanOrEqualTo(1.2);
        latencies.Max().ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task TheJobRunsAfterPublicationEachMorningAndCatchesUpMissedDaysAfterDowntime()
    {
        // "Today" for this worker is the real yesterday, so that the days it asks for exist in the sandbox.
        var day = Today.AddDays(-1);
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        DateTimeOffset ParisTime(DateOnly d, int hour, int minute) => new(TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(new TimeOnly(hour, minute)), paris));
        var clock = new JumpingClock(ParisTime(day, 7, 0));
        using var worker = fixture.CreateWorker(clock);
        await fixture.ResetAsync(worker);
        var pdl = (await fixture.SeedAsync(worker, 1)).Single().Pdl;
        var leases = worker.Services.GetRequiredService<PrewarmLeases>();
        // The worker was down for two mornings: the last completed run is three days before its "today".
        await leases.MarkCompletedAsync(day.AddDays(-3));

        await worker.StartAsync();
        clock.JumpTo(ParisTime(day, 8, 29));
        var beforeHour = DateTimeOffset.UtcNow;
        clock.JumpTo(ParisTime(day, 8, 31));
        await Poll.UntilAsync(() => leases.LastCompletedAsync(), d => d == day, TimeSpan.FromSeconds(20), "the morning run to complete");
        await worker.StopAsync();

        var calls = await fixture.CallsAsync();
        calls.Where(c => c.UsagePointId == pdl.UsagePointId).Count().ShouldBe(2);
        calls.ShouldAllBe(c => c.Timestamp >= beforeHour);
        // The three missed days in one call per kind.
        calls.ShouldAllBe(c => c.Start == day.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            && c.End == day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task AWorkerStartingAfterTheHourRunsTodaysMissedRunAtOnce()
    {
        var day = Today.AddDays(-1);
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var clock = new JumpingClock(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(15, 0)), paris)));
        using var worker = fixture.CreateWorker(clock);
        await fixture.ResetAsync(worker);
        await fixture.SeedAsync(worker, 1);
        var leases = worker.Services.GetRequiredService<PrewarmLeases>();
        await leases.MarkCompletedAsync(day.AddDays(-1));

        await worker.StartAsync();
        await Poll.UntilAsync(() => leases.LastCompletedAsync(), d => d == day, TimeSpan.FromSeconds(20), "the catch-up run to complete");
        await worker.StopAsync();

        (await fixture.CallsAsync()).Count.ShouldBe(2);
    }
}
