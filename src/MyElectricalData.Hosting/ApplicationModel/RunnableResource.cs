using MyElectricalData.Hosting.Orchestration;

namespace MyElectricalData.Hosting;

public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    Healthy,

    /// <summary>A server that died, waiting to be started again (see <see cref="RunnableResource.RestartsWhenItDies"/>).</summary>
    Restarting,
    Finished,
    Failed,
    Stopping,
    Stopped,
}

/// <summary>A resource with a local lifecycle: started, checked for health, stopped.</summary>
public abstract class RunnableResource(string name) : Resource(name)
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _healthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ResourceState State { get; private set; } = ResourceState.NotStarted;

    /// <summary>Why the resource failed, in one sentence for the console.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>Endpoints to show a developer (never containing secrets).</summary>
    public virtual IEnumerable<string> Urls => [];

    internal ChildProcess? Process { get; set; }

    public int? ProcessId => Process?.Id;

    /// <summary>How many times it was restarted: from the dashboard, or after it died.</summary>
    public int RestartCount { get; internal set; }

    /// <summary>
    /// Started again when its process dies after it was once healthy (a server others keep connecting to), instead of
    /// failing: same port, same password, same data folder, so the connection strings handed out stay true.
    /// </summary>
    internal virtual bool RestartsWhenItDies => false;

    private long? _healthyAt;
    private int _quickDeaths;

    internal bool HasBeenHealthy => _healthyAt is not null;

    /// <summary>
    /// The pause before the next restart: 1 s, doubling up to 30 s while it keeps dying within a minute of its last
    /// healthy start (a server that cannot start, e.g. because its old processes still hold its files, is not spun).
    /// </summary>
    internal TimeSpan NextRestartDelay()
    {
        if (_healthyAt is { } at && Environment.TickCount64 - at >= 60_000)
        {
            _quickDeaths = 0;
        }
        var delay = TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(_quickDeaths, 5)));
        _quickDeaths++;
        return delay;
    }

    /// <summary>Completes once started: ports and connection strings are known.</summary>
    internal Task Started => _started.Task;

    /// <summary>Completes when healthy; faults when the resource fails first.</summary>
    internal Task Healthy => _healthy.Task;

    /// <summary>Completes when the resource ran to a successful end (a one-shot step such as migrations).</summary>
    internal Task Completed => _completed.Task;

    internal abstract Task StartAsync(RunContext context, CancellationToken cancellationToken);

    internal abstract Task<bool> IsHealthyAsync(RunContext context, CancellationToken cancellationToken);

    internal virtual Task StopAsync() => Process?.StopAsync(Signals.SIGTERM, TimeSpan.FromSeconds(10)) ?? Task.CompletedTask;

    internal void MoveTo(ResourceState state)
    {
        State = state;
        switch (state)
        {
            case ResourceState.Running:
                _started.TrySetResult();
                break;
            case ResourceState.Healthy:
                _healthyAt = Environment.TickCount64;
                _started.TrySetResult();
                _healthy.TrySetResult();
                break;
            case ResourceState.Finished:
                _started.TrySetResult();
                _healthy.TrySetResult();
                _completed.TrySetResult();
                break;
            default:
                break;
        }
    }

    /// <summary>True when it never started because something it waits for failed.</summary>
    public bool FailedBecauseOfDependency { get; private set; }

    internal void Fail(string reason, bool becauseOfDependency = false)
    {
        FailureReason ??= reason;
        FailedBecauseOfDependency = becauseOfDependency;
        State = ResourceState.Failed;
        var error = new ResourceFailedException(this, reason);
        _started.TrySetException(error);
        _healthy.TrySetException(error);
        _completed.TrySetException(error);
    }
}

public sealed class ResourceFailedException(Resource resource, string reason)
    : Exception($"{resource} failed: {reason}")
{
    public Resource Resource { get; } = resource;
}
