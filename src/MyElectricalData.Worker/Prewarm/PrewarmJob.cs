using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MyElectricalData.Enedis.Dates;

namespace MyElectricalData.Worker.Prewarm;

/// <summary>
/// Runs the pre-warm once a day at <see cref="PrewarmOptions.At"/>, and at start-up when that hour has passed
/// and today's run has not completed (catch-up after downtime; the run itself knows which days were missed).
/// Every replica schedules it; the leases inside the run keep them from doing the same work twice.
/// </summary>
public sealed partial class PrewarmJob(
    IServiceScopeFactory scopes,
    IOptions<PrewarmOptions> options,
    TimeProvider time,
    ILogger<PrewarmJob> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    /// <summary>Runs today's pre-warm now, in a fresh scope (the scheduler's step; tests and the bench call it directly).</summary>
    public async Task<PrewarmReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PrewarmRun>().RunAsync(EnedisCalendar.Today(time), cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var dueToday = DueOn(LocalDate(now));
            if (now >= dueToday)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogRunFailed(logger, RetryAfterFailure.TotalMinutes, e);
                    await Task.Delay(RetryAfterFailure, time, stoppingToken);
                    continue;
                }
            }
            var next = now >= dueToday ? DueOn(LocalDate(now).AddDays(1)) : dueToday;
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken);
            }
        }
    }

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The instant of the run on a local day (a time skipped by a DST change moves an hour later).</summary>
    private DateTimeOffset DueOn(DateOnly day)
    {
        var local = day.ToDateTime(options.Value.At, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Pre-warm run failed; retrying in {Minutes:0} min")]
    private static partial void LogRunFailed(ILogger logger, double minutes, Exception exception);
}

public static class PrewarmRegistration
{
    /// <summary>The daily pre-warm. Needs the database, Redis, the SecretProtector, the Enedis provider and the meter data module registered.</summary>
    public static IHostApplicationBuilder AddPrewarm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrewarmOptions>()
            .BindConfiguration(PrewarmOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Worker:Prewarm:TimeZone must be a known time zone id (e.g. Europe/Paris).")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PrewarmLeases>();
        builder.Services.AddScoped<PrewarmRun>();
        builder.Services.AddSingleton<PrewarmJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PrewarmJob>());
        return builder;
    }
}
