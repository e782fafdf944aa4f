using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// The AppHost and its local servers are Linux processes (setpriv, /proc, Unix file modes).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace MyElectricalData.Tests.Harness;

/// <summary>
/// The AppHost's real model through Aspire.Hosting.Testing, configured for tests: an ephemeral run (its own temporary
/// folder for server data and mail, free ports, no .env), the dashboard off unless asked for. A test may trim the
/// model (<see cref="KeepOnly"/>) and give settings (<see cref="WithEnvironment"/>) before <see cref="StartAsync"/>,
/// which waits until every resource is healthy (or, for migrations, finished) and fails with their logs otherwise.
/// </summary>
public sealed class TestTopology : IAsyncDisposable
{
    private readonly Dictionary<string, string> _connectionStrings = [];

    private TestTopology(IDistributedApplicationTestingBuilder builder, string root, string dashboardApiKey)
    {
        Builder = builder;
        Root = root;
        DashboardApiKey = dashboardApiKey;
    }

    /// <summary>The key of the dashboard's telemetry API (see DashboardTelemetry).</summary>
    public string DashboardApiKey { get; }

    public IDistributedApplicationTestingBuilder Builder { get; }

    /// <summary>The run's temporary folder (server data, mail), removed on dispose.</summary>
    public string Root { get; }

    public string MailDirectory => Path.Combine(Root, "mail");

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Every line each resource wrote to its console, since before it started.</summary>
    public ResourceLogs Logs { get; } = new();

    public static Task<TestTopology> CreateAsync(bool withDashboard = false, params string[] args) =>
        CreateInEnvironmentAsync("Development", withDashboard, args);

    /// <summary>As <see cref="CreateAsync"/>, with the services in another environment (e.g. Production for a benchmark).</summary>
    public static async Task<TestTopology> CreateInEnvironmentAsync(string environmentName, bool withDashboard, params string[] args)
    {
        var root = Directory.CreateTempSubdirectory("myelectricaldata-test-").FullName;
        // The postgres user (the server runs as it when tests run as root) must reach its data folder.
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        var apiKey = Guid.NewGuid().ToString("N");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MyElectricalData_AppHost>(
            ["--AppHost:Ephemeral=true", $"--AppHost:EphemeralRoot={root}", $"--AppHost:DashboardApiKey={apiKey}", .. args],
            (options, settings) =>
            {
                options.DisableDashboard = !withDashboard;
                settings.EnvironmentName = environmentName;
            });
        return new TestTopology(builder, root, apiKey);
    }

    public IResourceBuilder<ProjectResource> Project(string name) =>
        Builder.CreateResourceBuilder<ProjectResource>(name);

    public TestTopology WithEnvironment(string resource, string name, string value)
    {
        Project(resource).WithEnvironment(name, value);
        return this;
    }

    /// <summary>Keeps only the named resources and what they need (references, waits, parents, parameters).</summary>
    public TestTopology KeepOnly(params string[] names)
    {
        var byName = Builder.Resources.ToDictionary(r => r.Name);
        var keep = new HashSet<IResource>();
        void Visit(IResource resource)
        {
            if (!keep.Add(resource))
            {
                return;
            }
            foreach (var dependency in DependenciesOf(resource, byName))
            {
                Visit(dependency);
            }
        }
        foreach (var name in names)
        {
            Visit(byName[name]);
        }
        foreach (var resource in Builder.Resources.Where(r => !keep.Contains(r) && !IsAspireInternal(r)).ToList())
        {
            Builder.Resources.Remove(resource);
        }
        return this;
    }

    public async Task<TestTopology> StartAsync(TimeSpan? timeout = null)
    {
        App = await Builder.BuildAsync();
        Logs.WatchStates(App);
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await App.StartAsync(cancellation.Token);
            // Once DCP has named the resources' instances (their logs are kept from their start, so nothing is missed).
            Logs.Collect(App);
            var notifications = App.ResourceNotifications;
            await Task.WhenAll(Builder.Resources.Where(r => !IsAspireInternal(r) && r is not ParameterResource).Select(r => r.Name == "migrations"
                ? notifications.WaitForResourceAsync(r.Name, KnownResourceStates.Finished, cancellation.Token)
                : r.Annotations.OfType<HealthCheckAnnotation>().Any()
                    ? notifications.WaitForResourceHealthyAsync(r.Name, cancellation.Token)
                    : notifications.WaitForResourceAsync(r.Name, KnownResourceStates.Running, cancellation.Token)));
        }
        catch (OperationCanceledException e)
        {
            Logs.Collect(App);
            await Task.Delay(TimeSpan.FromSeconds(1));
            throw new InvalidOperationException("The application did not start within its time:\n" + Describe(), e);
        }
        foreach (var resource in Builder.Resources.OfType<IResourceWithConnectionString>())
        {
            _connectionStrings[resource.Name] = await resource.GetConnectionStringAsync() ?? "";
        }
        return this;
    }

    public Uri Endpoint(string resource, string endpoint = "http") => App.GetEndpoint(resource, endpoint);

    public HttpClient CreateHttpClient(string resource) => new() { BaseAddress = Endpoint(resource), Timeout = TimeSpan.FromSeconds(30) };

    public string ConnectionString(string resource) =>
        _connectionStrings.TryGetValue(resource, out var value) && value.Length > 0
            ? value
            : throw new InvalidOperationException($"'{resource}' has no connection string.");

    public string ParameterValue(string name) =>
        Builder.Resources.OfType<ParameterResource>().Single(p => p.Name == name).GetValueAsync(default).AsTask().GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"Parameter '{name}' has no value.");

    /// <summary>The resource's current state as the dashboard shows it (Running, Exited, ...), and its health.</summary>
    public (string? State, HealthStatus? Health, int? ProcessId) Status(string resource)
    {
        if (Logs.LatestState(resource) is not { } update)
        {
            return (null, null, null);
        }
        var pid = update.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value switch
        {
            int i => i,
            long l => (int)l,
            string s when int.TryParse(s, out var i) => i,
            _ => (int?)null,
        };
        return (update.Snapshot.State?.Text, update.Snapshot.HealthStatus, pid);
    }

    /// <summary>
    /// The process that runs a resource's own code: for a project, the application under DCP's <c>dotnet run</c>; for an
    /// executable, the process itself.
    /// </summary>
    public int ProcessId(string resource)
    {
        var pid = Status(resource).ProcessId ?? throw new InvalidOperationException($"'{resource}' has no process.");
        var descendants = ProcessTree.DescendantsOf(pid);
        return descendants.Count > 0 ? descendants[^1] : pid;
    }

    private string Describe() =>
        string.Join("\n", Builder.Resources.Where(r => !IsAspireInternal(r) && r is not ParameterResource).Select(r =>
        {
            var (state, health, _) = Status(r.Name);
            return $"{r.Name} is {state ?? "unknown"} ({health?.ToString() ?? "no health"}); last log lines:\n    "
                + string.Join("\n    ", Logs.Of(r.Name).TakeLast(40));
        }));

    private static bool IsAspireInternal(IResource resource) =>
        resource.Name.EndsWith("-rebuilder", StringComparison.Ordinal) || resource.Name.StartsWith("aspire-dashboard", StringComparison.Ordinal);

    private static IEnumerable<IResource> DependenciesOf(IResource resource, IReadOnlyDictionary<string, IResource> byName)
    {
        foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
        {
            yield return wait.Resource;
        }
        foreach (var relationship in resource.Annotations.OfType<ResourceRelationshipAnnotation>())
        {
            yield return relationship.Resource;
        }
        if (resource is IResourceWithParent child)
        {
            yield return child.Parent;
        }
        // Parameters (passwords, the secret key) are referenced through values, not annotations: keep them all.
        foreach (var parameter in byName.Values.OfType<ParameterResource>())
        {
            yield return parameter;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        for (var attempt = 0; attempt < 5 && Directory.Exists(Root); attempt++)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Task.Delay(500);
            }
        }
    }
}

/// <summary>Console lines and the latest state of every resource, collected from Aspire's services from the start of the run.</summary>
public sealed class ResourceLogs
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _lines = new();

    private readonly ConcurrentDictionary<string, ResourceEvent> _states = new();

    internal ResourceEvent? LatestState(string resource) => _states.TryGetValue(resource, out var update) ? update : null;

    internal void WatchStates(DistributedApplication app) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var update in app.ResourceNotifications.WatchAsync())
                {
                    _states[update.Resource.Name] = update;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // The application stopped.
            }
        });

    internal void Collect(DistributedApplication app)
    {
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var resource in model.Resources)
        {
            if (_lines.ContainsKey(resource.Name))
            {
                continue;
            }
            var lines = _lines.GetOrAdd(resource.Name, _ => new ConcurrentQueue<string>());
            _ = Task.Run(async () =>
            {
                try
                {
                    await foreach (var batch in loggers.WatchAsync(resource))
                    {
                        foreach (var line in batch)
                        {
                            lines.Enqueue(line.Content);
                        }
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
                {
                    // The application stopped.
                }
            });
        }
    }

    public IReadOnlyList<string> Of(string resource) => _lines.TryGetValue(resource, out var lines) ? [.. lines] : [];

    public IEnumerable<(string Resource, string Text)> All => _lines.SelectMany(kv => kv.Value.Select(line => (kv.Key, line)));
}
