using System.Runtime.InteropServices;
using System.Text.Json;
using MyElectricalData.Hosting.Dashboard;
using MyElectricalData.Hosting.Orchestration;
using MyElectricalData.Hosting.Publishing;

namespace MyElectricalData.Hosting;

/// <summary>
/// Runs the model: starts each resource once what it waits for is ready, tracks health, restarts a server
/// (PostgreSQL, Redis) whose process died, with backoff, prints a resource table, and on Ctrl+C / SIGTERM /
/// dispose stops dependents before their dependencies.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly ProcessLauncher _launcher = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _orchestrations = [];
    private readonly SemaphoreSlim _commands = new(1, 1);
    private RunContext? _context;
    private int _stopped;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        Logs = new ResourceLogs(builder.Options.EchoLogsToConsole);
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(BuilderInterception.OptionsFor(args));

    public static DistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new(options);

    public ResourceLogs Logs { get; }

    /// <summary>The dev dashboard and its OTLP receiver, once started (null when disabled).</summary>
    public DashboardServer? Dashboard { get; private set; }

    public IReadOnlyList<Resource> Resources => _builder.Resources;

    private IEnumerable<RunnableResource> Runnables => _builder.Resources.OfType<RunnableResource>();

    public T GetResource<T>(string name) where T : Resource =>
        _builder.Resources.OfType<T>().SingleOrDefault(r => r.Name == name) ?? throw new ArgumentException($"No {typeof(T).Name} named '{name}'.", nameof(name));

    public string? GetConnectionString(string name) => GetResource<Resource>(name) is IResourceWithConnectionString r ? r.ConnectionString : null;

    public Uri GetEndpoint(string resource, string endpoint = "http") =>
        GetResource<ProjectResource>(resource).GetEndpoint(endpoint)?.Url is { } url
            ? new Uri(url)
            : throw new InvalidOperationException($"'{resource}' has no allocated '{endpoint}' endpoint yet.");

    /// <summary>Runs until Ctrl+C or SIGTERM; with <c>--publisher manifest</c> writes the manifest instead.</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async Task RunAsync()
    {
        if (_builder.Configuration["publisher"] is { } publisher)
        {
            PublishManifest(publisher);
            return;
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await StartAsync();
        try
        {
            await WaitForAllHealthyAsync(_stopping.Token);
            PrintResourceTable();
            Logs.Info("Ready. Press Ctrl+C to stop everything.");
        }
        catch (ResourceFailedException)
        {
            // Name the causes, not every dependent that gave up because of them.
            foreach (var failed in Runnables.Where(r => r.State == ResourceState.Failed && !r.FailedBecauseOfDependency))
            {
                Logs.Info($"Start-up failed: {failed} {failed.FailureReason}");
            }
            PrintResourceTable();
            Environment.ExitCode = 1;
            await StopAsync();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        try
        {
            await Task.Delay(Timeout.Infinite, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await StopAsync();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _stopping.Cancel();
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_context is not null || Dashboard is not null)
        {
            throw new InvalidOperationException("The application was already started.");
        }
        var options = _builder.Options;
        var persistentRoot = _builder.PersistentRoot;
        CreateReadableDirectory(_builder.EphemeralRoot);
        ResolveParameters(persistentRoot);
        if (options.EnableDashboard)
        {
            // Before any project starts: their environment points at the receiver.
            Dashboard = await DashboardServer.StartAsync(this, options.Dashboard, cancellationToken);
            Logs.Info($"Dashboard: {Dashboard.LoginUrl}");
        }
        _context = new RunContext(options, persistentRoot, _builder.EphemeralRoot, _builder.Configuration, Logs, _launcher, _builder.EnvironmentName, _builder.DotEnv)
        {
            OtlpEndpoint = Dashboard?.OtlpEndpoint.ToString().TrimEnd('/'),
        };
        foreach (var resource in Runnables)
        {
            Logs.Register(resource.Name);
        }
        foreach (var resource in Runnables)
        {
            Track(Task.Run(() => OrchestrateAsync(resource, _stopping.Token), cancellationToken));
        }
    }

    public Task WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default) =>
        GetResource<RunnableResource>(name).Healthy.WaitAsync(cancellationToken);

    public Task WaitForResourceCompletedAsync(string name, CancellationToken cancellationToken = default) =>
        GetResource<RunnableResource>(name).Completed.WaitAsync(cancellationToken);

    public Task WaitForAllHealthyAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(Runnables.Select(r => r.Healthy)).WaitAsync(cancellationToken);

    private async Task OrchestrateAsync(RunnableResource resource, CancellationToken cancellationToken)
    {
        var context = _context!;
        resource.MoveTo(ResourceState.Waiting);
        foreach (var dependency in DependenciesOf(resource))
        {
            try
            {
                await dependency.Task.WaitAsync(cancellationToken);
            }
            catch (ResourceFailedException)
            {
                resource.Fail($"it waits for '{dependency.Resource.Name}', which failed", becauseOfDependency: true);
                return;
            }
            catch (OperationCanceledException)
            {
                resource.Fail("the application stopped before it started");
                return;
            }
        }

        await RunAsync(resource, cancellationToken);
    }

    /// <summary>Starts the resource and watches it until healthy (first start and restarts alike).</summary>
    private async Task RunAsync(RunnableResource resource, CancellationToken cancellationToken)
    {
        var context = _context!;
        resource.MoveTo(ResourceState.Starting);
        try
        {
            await resource.StartAsync(context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Logs.Write(resource.Name, $"failed to start: {e.Message}", isError: true);
            resource.Fail(e.Message);
            return;
        }
        catch (OperationCanceledException)
        {
            resource.Fail("the application stopped while it was starting");
            return;
        }
        resource.MoveTo(ResourceState.Running);
        var process = resource.Process;
        _ = process?.Exited.ContinueWith(t => OnExited(resource, process, t.Result), TaskScheduler.Default);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(context.Options.StartupTimeout);
        try
        {
            while (resource.State == ResourceState.Running && !await resource.IsHealthyAsync(context, deadline.Token))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            if (resource.State == ResourceState.Running)
            {
                resource.MoveTo(ResourceState.Healthy);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            resource.Fail($"not healthy after {context.Options.StartupTimeout.TotalSeconds:0} s");
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>What a resource waits for: its WaitFor list, and the start of what it references (for connection strings and URLs).</summary>
    private static IEnumerable<(Resource Resource, Task Task)> DependenciesOf(RunnableResource resource)
    {
        foreach (var dependency in resource.WaitsFor)
        {
            if (dependency.Resource is RunnableResource runnable)
            {
                yield return (runnable, dependency.Condition == WaitCondition.Completed ? runnable.Completed : runnable.Healthy);
            }
        }
        if (resource is ProjectResource project)
        {
            foreach (var reference in project.References.OfType<RunnableResource>())
            {
                yield return (reference, reference.Started);
            }
        }
    }

    private void OnExited(RunnableResource resource, ChildProcess process, int exitCode)
    {
        // A stop we asked for, or the exit of a process that a restart has already replaced.
        if (resource.State is ResourceState.Stopping or ResourceState.Stopped || resource.Process != process)
        {
            return;
        }
        // A server the others were using died (crashed, killed, out of memory): bring it back where they expect it.
        // One that never became healthy fails as before, so that a server that cannot start says so at once.
        if (resource.RestartsWhenItDies && resource.HasBeenHealthy && !_stopping.IsCancellationRequested)
        {
            var delay = resource.NextRestartDelay();
            resource.MoveTo(ResourceState.Restarting);
            Logs.Info($"{resource.Name} exited with code {exitCode}; restarting it in {delay.TotalSeconds:0} s.");
            Track(RestartAfterAsync(resource, delay, _stopping.Token));
            return;
        }
        if (exitCode == 0)
        {
            resource.MoveTo(ResourceState.Finished);
            Logs.Info($"{resource.Name} finished.");
        }
        else
        {
            resource.Fail($"exited with code {exitCode}");
            Logs.Info($"{resource.Name} exited with code {exitCode}.");
        }
    }

    private async Task RestartAfterAsync(RunnableResource resource, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        resource.RestartCount++;
        await RunAsync(resource, cancellationToken);
    }

    private void Track(Task orchestration)
    {
        lock (_orchestrations)
        {
            _orchestrations.Add(orchestration);
        }
    }

    /// <summary>Stops one project (a dashboard command); what depends on it keeps running, as in Aspire.</summary>
    public Task StopResourceAsync(string name) => CommandAsync(name, async project =>
    {
        project.MoveTo(ResourceState.Stopping);
        await project.StopAsync();
        project.MoveTo(ResourceState.Stopped);
        Logs.Info($"{project.Name} stopped from the dashboard.");
    });

    /// <summary>Starts a project that was stopped, finished or failed; it keeps its ports.</summary>
    public Task StartResourceAsync(string name) => CommandAsync(name, project =>
    {
        if (project.State is not (ResourceState.Stopped or ResourceState.Finished or ResourceState.Failed))
        {
            throw new InvalidOperationException($"{project} is {project.State}; stop it first.");
        }
        Logs.Info($"{project.Name} started from the dashboard.");
        Track(Task.Run(() => RunAsync(project, _stopping.Token)));
        return Task.CompletedTask;
    });

    public Task RestartResourceAsync(string name) => CommandAsync(name, async project =>
    {
        project.MoveTo(ResourceState.Stopping);
        await project.StopAsync();
        project.RestartCount++;
        Logs.Info($"{project.Name} restarted from the dashboard.");
        Track(Task.Run(() => RunAsync(project, _stopping.Token)));
    });

    /// <summary>One command at a time, only on projects (servers hold data and keep their state), only while running.</summary>
    private async Task CommandAsync(string name, Func<ProjectResource, Task> command)
    {
        var project = GetResource<ProjectResource>(name);
        if (_context is null || _stopping.IsCancellationRequested)
        {
            throw new InvalidOperationException("The application is not running.");
        }
        await _commands.WaitAsync(_stopping.Token);
        try
        {
            await command(project);
        }
        finally
        {
            _commands.Release();
        }
    }

    /// <summary>Stops dependents before their dependencies; every level in parallel.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        // Waits for a dashboard command in progress, so that it cannot start a process after this stops them.
        await _commands.WaitAsync();
        Task[] orchestrations;
        lock (_orchestrations)
        {
            orchestrations = [.. _orchestrations];
        }
        await Task.WhenAll(orchestrations);
        foreach (var level in Runnables.GroupBy(Depth).OrderByDescending(g => g.Key))
        {
            await Task.WhenAll(level.Select(async resource =>
            {
                var wasRunning = resource.Process is { Exited.IsCompleted: false };
                resource.MoveTo(ResourceState.Stopping);
                await resource.StopAsync();
                resource.MoveTo(ResourceState.Stopped);
                if (wasRunning)
                {
                    Logs.Info($"{resource.Name} stopped.");
                }
            }));
        }
    }

    private int Depth(Resource resource) =>
        DistributedApplicationBuilder.Dependencies(resource).Select(d => Depth(d) + 1).DefaultIfEmpty(0).Max();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync();
        }
        _launcher.Dispose();
        _stopping.Dispose();
        try
        {
            Directory.Delete(_builder.EphemeralRoot, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Parameter values: configuration <c>Parameters:name</c>, else stored (persistent data), else generated.</summary>
    private void ResolveParameters(string persistentRoot)
    {
        var storePath = Path.Combine(Path.GetDirectoryName(persistentRoot)!, "secrets.json");
        var usePersistentStore = !_builder.Options.Ephemeral;
        var stored = usePersistentStore && File.Exists(storePath)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(storePath)) ?? []
            : [];
        var changed = false;
        foreach (var parameter in _builder.Resources.OfType<ParameterResource>())
        {
            if (_builder.Configuration[parameter.ConfigurationKey] is { Length: > 0 } configured)
            {
                parameter.Value = configured;
            }
            else if (stored.TryGetValue(parameter.Name, out var value))
            {
                parameter.Value = value;
            }
            else if (parameter.GeneratedMinLength is not null)
            {
                parameter.Value = stored[parameter.Name] = parameter.Generate();
                changed = true;
            }
            else
            {
                throw new InvalidOperationException(
                    $"Parameter '{parameter.Name}' has no value: set {parameter.ConfigurationKey.Replace(":", "__", StringComparison.Ordinal)} in the environment or .env.");
            }
        }
        if (changed && usePersistentStore)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(storePath)!);
            File.WriteAllText(storePath, JsonSerializer.Serialize(stored));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(storePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }

    /// <summary>Servers may run as another user (postgres): they must be able to reach their folder.</summary>
    private static void CreateReadableDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private void PublishManifest(string publisher)
    {
        if (publisher != "manifest")
        {
            throw new InvalidOperationException($"Unknown publisher '{publisher}'; the only one is 'manifest'.");
        }
        var output = _builder.Configuration["output-path"] ?? "aspire-manifest.json";
        if (Directory.Exists(output) || output.EndsWith('/'))
        {
            output = Path.Combine(output, "aspire-manifest.json");
        }
        output = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, ManifestPublisher.Write(_builder.Resources, Path.GetDirectoryName(output)!));
        Console.WriteLine($"Published manifest to: {output}");
    }

    private void PrintResourceTable()
    {
        var rows = Runnables.Select(r => (r.Name, r.DisplayType, State: r.State.ToString(), Urls: string.Join(" ", r.Urls))).ToList();
        var name = Math.Max(8, rows.Max(r => r.Name.Length));
        var type = Math.Max(8, rows.Max(r => r.DisplayType.Length));
        Console.WriteLine();
        Console.WriteLine($"  {"RESOURCE".PadRight(name)}  {"TYPE".PadRight(type)}  {"STATE",-9}  ENDPOINTS");
        foreach (var row in rows)
        {
            Console.WriteLine($"  {row.Name.PadRight(name)}  {row.DisplayType.PadRight(type)}  {row.State,-9}  {row.Urls}");
        }
        Console.WriteLine();
        if (Dashboard is not null)
        {
            Console.WriteLine($"  Dashboard: {Dashboard.LoginUrl}");
            Console.WriteLine();
        }
    }
}
