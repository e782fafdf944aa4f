using System.Globalization;
using System.Reflection;
using MyElectricalData.Hosting.Orchestration;

namespace MyElectricalData.Hosting;

/// <summary>What the AppHost's build generates for each referenced project (see the AppHost's csproj).</summary>
public interface IProjectMetadata
{
    string ProjectPath { get; }
}

/// <summary>An HTTP endpoint a project listens on.</summary>
public sealed class EndpointAnnotation(string name, int? port)
{
    public string Name { get; } = name;

    /// <summary>Fixed local port; null picks a free one.</summary>
    public int? Port { get; set; } = port;

    public bool IsExternal { get; set; }

    /// <summary>The live URL once the project runs.</summary>
    public string? Url { get; internal set; }
}

/// <summary>
/// A .NET project of the solution, run as <c>dotnet &lt;its built dll&gt;</c> from its folder with the
/// environment Aspire would inject: connection strings, service URLs, OpenTelemetry settings.
/// </summary>
public sealed class ProjectResource(string name, IProjectMetadata metadata) : RunnableResource(name)
{
    public IProjectMetadata Metadata { get; } = metadata;

    public IList<EndpointAnnotation> Endpoints { get; } = [];

    /// <summary>Resources whose connection string or URL this project receives.</summary>
    public IList<Resource> References { get; } = [];

    /// <summary>Plain variables; values may reference a parameter.</summary>
    public IDictionary<string, EnvironmentValue> Environment { get; } = new SortedDictionary<string, EnvironmentValue>(StringComparer.Ordinal);

    /// <summary>Path probed for health (e.g. /health); null means "running is healthy".</summary>
    public string? HealthCheckPath { get; internal set; }

    public override string DisplayType => "project";

    public override IEnumerable<string> Urls => Endpoints.Where(e => e.Url is not null).Select(e => e.Url!);

    public EndpointAnnotation? GetEndpoint(string name) => Endpoints.FirstOrDefault(e => e.Name == name);

    internal override async Task StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        var projectDirectory = Path.GetDirectoryName(Metadata.ProjectPath)!;
        var assembly = BuiltAssemblyPath();
        foreach (var endpoint in Endpoints)
        {
            // Kept across restarts: the projects that reference this one were given this URL.
            endpoint.Url ??= $"http://127.0.0.1:{context.PortFor(endpoint.Port)}";
        }
        Process = await ChildProcess.StartAsync(context.Launcher, Name, context.Logs, DotnetHost(), [assembly],
            projectDirectory, BuildEnvironment(context));
    }

    internal Dictionary<string, string?> BuildEnvironment(RunContext context)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in context.DotEnv)
        {
            environment[key] = value;
        }
        environment["DOTNET_ENVIRONMENT"] = context.EnvironmentName;
        environment["ASPNETCORE_ENVIRONMENT"] = context.EnvironmentName;
        environment["OTEL_SERVICE_NAME"] = Name;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Guid.NewGuid()}";
        environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        if (context.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 })
        {
            // The user's own OTLP backend, when configured, receives every service's telemetry.
            foreach (var key in new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS" })
            {
                if (context.Configuration[key] is { Length: > 0 } value)
                {
                    environment[key] = value;
                }
            }
        }
        else if (context.OtlpEndpoint is { } receiver)
        {
            // Otherwise the dashboard's receiver, which speaks OTLP/HTTP protobuf only.
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver;
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            // A developer watching the dashboard should see a request within a second or two, not after the
            // SDK's default 5 s batch delay; metrics every 5 s (ServiceDefaults asks the same).
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_METRIC_EXPORT_INTERVAL"] = "5000";
        }
        // Structured console logs would be unreadable interleaved in the AppHost's console.
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        if (GetEndpoint("http") is { Url: { } url })
        {
            environment["ASPNETCORE_URLS"] = url;
        }
        else
        {
            environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        }
        foreach (var reference in References)
        {
            switch (reference)
            {
                case IResourceWithConnectionString withConnectionString:
                    environment[$"ConnectionStrings__{reference.Name}"] = withConnectionString.ConnectionString;
                    break;
                case ProjectResource project:
                    foreach (var endpoint in project.Endpoints)
                    {
                        environment[$"services__{project.Name}__{endpoint.Name}__0"] = endpoint.Url;
                    }
                    break;
                default:
                    break;
            }
        }
        foreach (var (key, value) in Environment)
        {
            environment[key] = value.Resolve();
        }
        return environment;
    }

    internal override async Task<bool> IsHealthyAsync(RunContext context, CancellationToken cancellationToken)
    {
        if (HealthCheckPath is null || GetEndpoint("http")?.Url is not { } url)
        {
            return true;
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await HealthClient.GetAsync(url + HealthCheckPath, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static readonly HttpClient HealthClient = new();

    /// <summary>The project's dll built in the same configuration as the AppHost (the AppHost's build builds it).</summary>
    private string BuiltAssemblyPath()
    {
        // The metadata class lives in the AppHost assembly, whose build built the project in the same configuration.
        var configuration = Metadata.GetType().Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var projectDirectory = Path.GetDirectoryName(Metadata.ProjectPath)!;
        var assemblyName = Path.GetFileNameWithoutExtension(Metadata.ProjectPath);
        var framework = "net" + System.Environment.Version.ToString(2);
        var path = Path.Combine(projectDirectory, "bin", configuration, framework, assemblyName + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException(
            $"{assemblyName}.dll is not built under {Path.Combine(projectDirectory, "bin")}. Build the solution first (dotnet build).");
    }

    private static string DotnetHost() =>
        System.Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? host
            : ExecutableFinder.Find("dotnet") ?? "dotnet";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"project '{Name}'");
}

/// <summary>An environment value: literal text or a parameter's value.</summary>
public sealed class EnvironmentValue
{
    private EnvironmentValue(string? literal, ParameterResource? parameter)
    {
        Literal = literal;
        Parameter = parameter;
    }

    public string? Literal { get; }

    public ParameterResource? Parameter { get; }

    public static EnvironmentValue Of(string value) => new(value, null);

    public static EnvironmentValue Of(ParameterResource parameter) => new(null, parameter);

    public string? Resolve() => Parameter is null ? Literal : Parameter.Value;

    public string ManifestExpression => Parameter is null ? Literal ?? "" : $"{{{Parameter.Name}.value}}";
}
