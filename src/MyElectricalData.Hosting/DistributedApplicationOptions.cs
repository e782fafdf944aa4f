namespace MyElectricalData.Hosting;

public sealed class DistributedApplicationOptions
{
    public string[] Args { get; set; } = [];

    /// <summary>Where persistent local data lives (server data, generated dev passwords). Git-ignored.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Keeps no data: every server starts empty in a temporary folder deleted on dispose (tests).</summary>
    public bool Ephemeral { get; set; }

    /// <summary>Replaces fixed ports with free loopback ports (tests, parallel runs).</summary>
    public bool RandomizePorts { get; set; }

    /// <summary>Reads the repository's .env (off in tests, so a developer's settings never leak into them).</summary>
    public bool LoadDotEnv { get; set; } = true;

    public bool EchoLogsToConsole { get; set; } = true;

    /// <summary>Passed to projects as ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT.</summary>
    public string? EnvironmentName { get; set; }

    /// <summary>
    /// Starts the dev dashboard and its OTLP receiver with the application (projects then export to it unless
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured). On for <c>dotnet run</c>; the test harness turns it off.
    /// </summary>
    public bool EnableDashboard { get; set; } = true;

    public Dashboard.DashboardOptions Dashboard { get; set; } = new();

    /// <summary>How long a resource may take to become healthy before start-up fails.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromMinutes(3);
}
