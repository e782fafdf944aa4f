namespace MyElectricalData.AppHost.LocalServers;

/// <summary>
/// Starts a local server again when it dies under the services (killed, crashed: a non-zero exit), as a container
/// engine's restart policy would. A server stopped on purpose (exit code 0, e.g. from the dashboard) stays stopped.
/// </summary>
internal sealed class ServerKeeper(ExecutableResource server, IServiceProvider services) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var commands = services.GetRequiredService<ResourceCommandService>();
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
        var wasRunning = false;
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken).Where(u => u.Resource == server).WithCancellation(stoppingToken))
            {
                var state = update.Snapshot.State?.Text;
                if (state == KnownResourceStates.Running)
                {
                    wasRunning = true;
                    continue;
                }
                if (!wasRunning || (state != KnownResourceStates.Exited && state != KnownResourceStates.Finished) || update.Snapshot.ExitCode is 0 or null
                    || lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    continue;
                }
                wasRunning = false;
                logger.LogWarning("{Server} exited with code {ExitCode}; starting it again", server.Name, update.Snapshot.ExitCode);
                var result = await commands.ExecuteCommandAsync(update.ResourceId, KnownResourceCommands.StartCommand, stoppingToken);
                if (!result.Success)
                {
                    logger.LogError("{Server} could not be started again: {Error}", server.Name, result.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>Stops PostgreSQL with a fast shutdown as the AppHost stops (see AddLocalPostgres).</summary>
internal sealed class PostgresStopper(LocalPostgresResource server, string? runAs, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            if (File.Exists(Path.Combine(server.DataDirectory, "postmaster.pid")))
            {
                PostgresBinaries.StopAsync(server, runAs, NullLogger.Instance, CancellationToken.None).GetAwaiter().GetResult();
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
