using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Data.Database;

namespace MyElectricalData.MigrationService;

/// <summary>
/// Applies pending migrations once, then stops the host (exit code 0; non-zero on failure so that the
/// services waiting for it do not start on a stale schema). Replicas never race to migrate.
/// </summary>
internal sealed partial class MigrationRunner(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<MigrationRunner> logger)
    : BackgroundService
{
    private static readonly ActivitySource Activity = new("MyElectricalData.MigrationService");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = Activity.StartActivity("migrate database");
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(stoppingToken)).ToList();
            // The retrying execution strategy replays the whole migration if the connection drops mid-way.
            await db.Database.CreateExecutionStrategy().ExecuteAsync(() => db.Database.MigrateAsync(stoppingToken));
            LogApplied(logger, pending.Count, string.Join(", ", pending));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            LogFailed(logger, e);
            Environment.ExitCode = 1;
        }
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database is up to date; {Count} migration(s) applied: {Migrations}")]
    private static partial void LogApplied(ILogger logger, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Applying migrations failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
