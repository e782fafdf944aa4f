namespace MyElectricalData.AppHost.LocalServers;

/// <summary>
/// Starts a local server again when it dies under the services (killed, crashed: DCP reports -1 for a SIGKILL, or
/// another non-zero code), as a container engine's restart policy would. A server that exits cleanly (code 0, e.g.
/// stopped from the dashboard) stays stopped.
/// </summary>
internal sealed class ServerKeeper(DistributedApplicationModel model, ResourceNotificationService notifications, ResourceCommandService commands,
    ResourceLoggerService loggers, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var kept = model.Resources.Where(r => r.Annotations.OfType<RestartWhenKilledAnnotation>().Any()).ToHashSet();
        var running = new HashSet<IResource>();
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken).Where(u => kept.Contains(u.Resource)).WithCancellation(stoppingToken))
            {
                var state = update.Snapshot.State?.Text;
                if (state == KnownResourceStates.Running)
                {
                    running.Add(update.Resource);
                    continue;
                }
                if (!running.Contains(update.Resource) || (state != KnownResourceStates.Exited && state != KnownResourceStates.Finished)
                    || update.Snapshot.ExitCode == 0 || lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    continue;
                }
                running.Remove(update.Resource);
                var logger = loggers.GetLogger(update.Resource);
                logger.LogWarning("{Server} exited ({ExitCode}); starting it again", update.Resource.Name,
                    update.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "killed");
                var result = await commands.ExecuteCommandAsync(update.ResourceId, KnownResourceCommands.StartCommand, stoppingToken);
                if (!result.Success)
                {
                    logger.LogError("{Server} could not be started again: {Error}", update.Resource.Name, result.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>Marks a local server that <see cref="ServerKeeper"/> starts again when it dies.</summary>
internal sealed class RestartWhenKilledAnnotation : IResourceAnnotation;

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
