using MyElectricalData.Hosting.Orchestration;

namespace MyElectricalData.Hosting;

public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    Healthy,
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

    /// <summary>How many times it was restarted from the dashboard.</summary>
    public int RestartCount { get; internal set; }

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
