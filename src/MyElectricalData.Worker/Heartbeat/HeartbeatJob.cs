using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Worker.Heartbeat;

public sealed class HeartbeatOptions
{
    public const string Section = "Worker:Heartbeat";

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Records that this worker instance is alive in PostgreSQL every interval; its health check turns
/// unhealthy when beats stop, so a stuck worker is visible on /health.
/// </summary>
public sealed partial class HeartbeatJob(
    IServiceScopeFactory scopes,
    IOptions<HeartbeatOptions> options,
    TimeProvider time,
    IConfiguration configuration,
    ILogger<HeartbeatJob> logger) : BackgroundService, IHealthCheck
{
    private readonly string _instanceId = configuration["OTEL_RESOURCE_ATTRIBUTES"]?.Split("service.instance.id=").ElementAtOrDefault(1)?.Split(',')[0]
        ?? $"{Environment.MachineName}-{Environment.ProcessId}";
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private DateTimeOffset? _lastBeat;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogBeatFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.Source.StartActivity("heartbeat");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var now = time.GetUtcNow();
        var beat = await db.ServiceHeartbeats.FindAsync([_instanceId], cancellationToken);
        if (beat is null)
        {
            db.ServiceHeartbeats.Add(new ServiceHeartbeat { InstanceId = _instanceId, Service = "worker", StartedAt = _startedAt, BeatAt = now });
        }
        else
        {
            beat.BeatAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        _lastBeat = now;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = options.Value.Interval * 3;
        var result = _lastBeat is { } last && time.GetUtcNow() - last <= limit
            ? HealthCheckResult.Healthy($"last beat {last:O}")
            : _lastBeat is null && time.GetUtcNow() - _startedAt <= limit
                ? HealthCheckResult.Healthy("starting")
                : HealthCheckResult.Unhealthy($"no heartbeat for more than {limit.TotalSeconds:0} s");
        return Task.FromResult(result);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat could not be recorded")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);
}

public static class HeartbeatRegistration
{
    public static IHostApplicationBuilder AddHeartbeat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HeartbeatOptions>().BindConfiguration(HeartbeatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HeartbeatJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HeartbeatJob>());
        builder.Services.AddHealthChecks().AddCheck<HeartbeatJob>("heartbeat");
        return builder;
    }
}
