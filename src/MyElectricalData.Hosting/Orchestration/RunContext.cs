using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace MyElectricalData.Hosting.Orchestration;

/// <summary>What a resource needs from the runtime while it starts: folders, ports, logs, the process launcher.</summary>
internal sealed class RunContext(
    DistributedApplicationOptions options,
    string persistentRoot,
    string ephemeralRoot,
    IConfiguration configuration,
    ResourceLogs logs,
    ProcessLauncher launcher,
    string environmentName,
    IReadOnlyDictionary<string, string> dotEnv)
{
    public DistributedApplicationOptions Options { get; } = options;

    public IConfiguration Configuration { get; } = configuration;

    public ResourceLogs Logs { get; } = logs;

    public ProcessLauncher Launcher { get; } = launcher;

    public string EnvironmentName { get; } = environmentName;

    /// <summary>The dashboard's OTLP/HTTP receiver (base URL), when the dashboard runs.</summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary>Variables from the repository's <c>.env</c>, handed to every project.</summary>
    public IReadOnlyDictionary<string, string> DotEnv { get; } = dotEnv;

    /// <summary>Servers run as this user when the AppHost is root (PostgreSQL refuses to run as root).</summary>
    public string? ServerUser { get; } = Environment.UserName == "root" && OperatingSystem.IsLinux() ? "postgres" : null;

    /// <summary>A resource's data folder: under the git-ignored data root when it has a data volume, otherwise throw-away.</summary>
    public string DataDirectoryFor(Resource resource, bool persistent) =>
        Path.Combine(persistent && !Options.Ephemeral ? persistentRoot : ephemeralRoot, resource.Name);

    public int PortFor(int? fixedPort) => fixedPort is { } port && !Options.RandomizePorts ? port : FreePort();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
