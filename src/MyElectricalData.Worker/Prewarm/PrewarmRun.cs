using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.MeterData;

namespace MyElectricalData.Worker.Prewarm;

/// <summary>What one run did. <see cref="Ran"/> is false when the day's run had already completed.</summary>
public sealed record PrewarmReport(DateOnly Day, DateRange Days, bool Ran, int Total, int Warmed, int DoneElsewhere, int ConsentRevoked,
    int Failed, int UpstreamCalls, TimeSpan Duration);

/// <summary>
/// One pre-warm run for one day: reads yesterday's (and missed days') data of every active PDL into its owner's
/// encrypted cache through <see cref="MeterDataService"/> (which skips cached days and batches adjacent ones),
/// at background priority so the API keeps its reserved share of the Enedis budget. Each PDL is claimed with a
/// lease first, so replicas running at once share the work; the run only completes once every PDL is done,
/// waiting out the leases of a replica that died. Created in a fresh DI scope per run.
/// </summary>
public sealed partial class PrewarmRun(
    GatewayDbContext db,
    MeterDataService data,
    PrewarmLeases leases,
    SecretProtector secrets,
    IOptions<PrewarmOptions> options,
    TimeProvider time,
    ILogger<PrewarmRun> logger)
{
    private const int MaxAttempts = 3;
    private readonly SemaphoreSlim _dbGate = new(1, 1);

    private sealed record Target(Guid PdlId, string UsagePointId, bool HasConsumption, bool HasProduction, Guid UserId, byte[] Secret);

    private enum Outcome
    {
        Warmed,
        ConsentRevoked,
        Failed,
        Retry,
    }

    public async Task<PrewarmReport> RunAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = time.GetTimestamp();
        using var activity = WorkerTelemetry.Source.StartActivity("prewarm run");

        var last = await leases.LastCompletedAsync();
        var from = last is { } l ? (l > today.AddDays(-settings.MaxCatchUpDays) ? l : today.AddDays(-settings.MaxCatchUpDays)) : today.AddDays(-1);
        var days = new DateRange(from, today);
        activity?.SetTag("prewarm.day", today.ToString("O"));
        if (days.Days <= 0)
        {
            return new PrewarmReport(today, days, false, 0, 0, 0, 0, 0, 0, TimeSpan.Zero);
        }

        // Only meters bound to their owner's live consent: the API would not serve the others' data either.
        var now = time.GetUtcNow();
        var targets = await db.Pdls.AsNoTracking()
            .Where(p => p.IsActive && p.ConsentRevokedAt == null && p.ConsentExpiresAt > now && p.User!.IsActive)
            .OrderBy(p => p.UsagePointId)
            .Select(p => new Target(p.Id, p.UsagePointId, p.HasConsumption, p.HasProduction, p.UserId, p.User!.ClientSecretEncrypted))
            .ToListAsync(cancellationToken);
        activity?.SetTag("prewarm.pdls", targets.Count);
        LogStarted(logger, today, days.ToString(), targets.Count);

        var owner = Guid.NewGuid().ToString("N");
        int warmed = 0, elsewhere = 0, revoked = 0, failed = 0, calls = 0, finished = 0;
        var attempts = new ConcurrentDictionary<Guid, int>();
        var pending = targets;
        var poll = TimeSpan.FromTicks(Math.Clamp(settings.LeaseDuration.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(1).Ticks));
        while (pending.Count > 0)
        {
            var again = new ConcurrentBag<Target>();
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                async (target, ct) =>
                {
                    switch (await leases.TryClaimAsync(today, target.UsagePointId, owner, settings.LeaseDuration))
                    {
                        case ClaimOutcome.Held:
                            again.Add(target);
                            return;
                        case ClaimOutcome.Done:
                            Interlocked.Increment(ref elsewhere);
                            break;
                        default:
                            var (outcome, made) = await WarmAsync(target, days, today, ct);
                            Interlocked.Add(ref calls, made);
                            WorkerTelemetry.UpstreamCalls.Add(made);
                            if (outcome == Outcome.Retry && attempts.AddOrUpdate(target.PdlId, 1, (_, n) => n + 1) < MaxAttempts)
                            {
                                // Transient: let this or another worker try again in this run.
                                await leases.ReleaseAsync(today, target.UsagePointId, owner);
                                again.Add(target);
                                return;
                            }
                            await leases.FinishAsync(today, target.UsagePointId, owner);
                            _ = outcome switch
                            {
                                Outcome.Warmed => Interlocked.Increment(ref warmed),
                                Outcome.ConsentRevoked => Interlocked.Increment(ref revoked),
                                _ => Interlocked.Increment(ref failed),
                            };
                            if (outcome == Outcome.Warmed)
                            {
                                WorkerTelemetry.PdlsWarmed.Add(1);
                            }
                            break;
                    }
                    var done = Interlocked.Increment(ref finished);
                    if (done % settings.ProgressEvery == 0 || done == targets.Count)
                    {
                        var elapsed = time.GetElapsedTime(started);
                        var eta = TimeSpan.FromTicks(elapsed.Ticks / done * (targets.Count - done));
                        LogProgress(logger, today, done, targets.Count, Volatile.Read(ref calls), eta.TotalSeconds);
                    }
                });
            pending = [.. again];
            if (pending.Count > 0)
            {
                // Held by another worker: wait for it to finish them, or for its leases to expire if it died.
                await Task.Delay(poll, time, cancellationToken);
            }
        }

        await leases.MarkCompletedAsync(today);
        var duration = time.GetElapsedTime(started);
        WorkerTelemetry.RunDuration.Record(duration.TotalSeconds);
        activity?.SetTag("prewarm.warmed", warmed);
        activity?.SetTag("prewarm.failed", failed);
        activity?.SetTag("prewarm.upstream_calls", calls);
        LogCompleted(logger, today, warmed, elsewhere, revoked, failed, calls, duration.TotalSeconds);
        return new PrewarmReport(today, days, true, targets.Count, warmed, elsewhere, revoked, failed, calls, duration);
    }

    private async Task<(Outcome Outcome, int Calls)> WarmAsync(Target target, DateRange days, DateOnly today, CancellationToken cancellationToken)
    {
        var key = UserCacheKey.For(target.UserId, target.Secret, secrets);
        MeteringKind[] kinds =
        [
            .. target.HasConsumption ? [MeteringKind.DailyConsumption, MeteringKind.ConsumptionLoadCurve] : Array.Empty<MeteringKind>(),
            .. target.HasProduction ? [MeteringKind.DailyProduction, MeteringKind.ProductionLoadCurve] : Array.Empty<MeteringKind>(),
        ];
        var calls = 0;
        var outcome = Outcome.Warmed;
        foreach (var kind in kinds)
        {
            if (EnedisCalendar.Answerable(kind, days, today) is not { } range)
            {
                continue;
            }
            EnedisException? failure;
            try
            {
                // Every Enedis call of the run goes through the budget as background work: the priority is passed down with
                // each call (to the request itself), not held in an ambient scope.
                var result = await data.GetAsync(key, kind, target.UsagePointId, range, useCache: true, EnedisPriority.Background, cancellationToken);
                calls += result.UpstreamCalls;
                failure = result.Failure;
            }
            catch (EnedisException e)
            {
                calls++;
                failure = e;
            }
            if (failure is null)
            {
                continue;
            }
            WorkerTelemetry.Failures.Add(1, new KeyValuePair<string, object?>("reason", failure.Kind.ToString()));
            if (failure.Kind == EnedisErrorKind.ConsentRequired)
            {
                await MarkConsentRevokedAsync(target, cancellationToken);
                return (Outcome.ConsentRevoked, calls);
            }
            LogPdlFailed(logger, target.UsagePointId, kind, failure.Kind, failure.Code);
            outcome = failure.IsTransient && outcome != Outcome.Failed ? Outcome.Retry : Outcome.Failed;
        }
        return (outcome, calls);
    }

    private async Task MarkConsentRevokedAsync(Target target, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // One DbContext for the run, used from parallel tasks: one statement at a time (this is the rare path).
        await _dbGate.WaitAsync(cancellationToken);
        try
        {
            await db.Pdls.Where(p => p.Id == target.PdlId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ConsentRevokedAt, now).SetProperty(p => p.UpdatedAt, now), cancellationToken);
        }
        finally
        {
            _dbGate.Release();
        }
        LogConsentRevoked(logger, target.UsagePointId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pre-warm {Day}: starting for {Total} PDLs, days {Days}")]
    private static partial void LogStarted(ILogger logger, DateOnly day, string days, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pre-warm {Day}: {Done}/{Total} PDLs, {Calls} Enedis calls, ETA {EtaSeconds:0} s")]
    private static partial void LogProgress(ILogger logger, DateOnly day, int done, int total, int calls, double etaSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pre-warm {Day} completed: {Warmed} warmed, {Elsewhere} by other workers, {Revoked} consent revoked, {Failed} failed, {Calls} Enedis calls in {Seconds:0.0} s")]
    private static partial void LogCompleted(ILogger logger, DateOnly day, int warmed, int elsewhere, int revoked, int failed, int calls, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pre-warm could not fetch {Kind} of {UsagePointId}: {ErrorKind} ({Code})")]
    private static partial void LogPdlFailed(ILogger logger, string usagePointId, MeteringKind kind, EnedisErrorKind errorKind, string? code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consent revoked for {UsagePointId}: flagged, skipped by later runs")]
    private static partial void LogConsentRevoked(ILogger logger, string usagePointId);
}
