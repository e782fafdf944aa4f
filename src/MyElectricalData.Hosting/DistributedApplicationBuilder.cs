using Microsoft.Extensions.Configuration;

namespace MyElectricalData.Hosting;

/// <summary>Aspire's <c>IDistributedApplicationBuilder</c>, reduced to what this solution uses.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
        Configuration = new ConfigurationManager();
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(options.Args);
        DotEnv = options.LoadDotEnv ? DotEnvFile.Load(RepositoryRoot.Find()) : new Dictionary<string, string>();
        Configuration.AddInMemoryCollection(DotEnv.Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)));
        EnvironmentName = options.EnvironmentName ?? Configuration["DOTNET_ENVIRONMENT"] ?? "Development";
        // Command-line switches for a throw-away run (CI, several AppHosts side by side): --AppHost:Ephemeral=true ...
        options.Ephemeral |= string.Equals(Configuration["AppHost:Ephemeral"], "true", StringComparison.OrdinalIgnoreCase);
        options.RandomizePorts |= string.Equals(Configuration["AppHost:RandomizePorts"], "true", StringComparison.OrdinalIgnoreCase);
        options.DataDirectory ??= Configuration["AppHost:DataDirectory"];
    }

    public DistributedApplicationOptions Options { get; }

    public ConfigurationManager Configuration { get; }

    public string EnvironmentName { get; }

    /// <summary>Publishing a manifest (<c>--publisher manifest</c>) rather than running: the model may differ (no local stand-ins).</summary>
    public bool IsPublishMode => Configuration["publisher"] is not null;

    /// <summary>Variables of the repository's git-ignored <c>.env</c>, handed to every project.</summary>
    public IReadOnlyDictionary<string, string> DotEnv { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>
    /// A folder for files the services write for the developer rather than server data (e.g. development mail):
    /// beside the data root (<c>.apphost/&lt;name&gt;</c>, git-ignored), or inside the throw-away root of an
    /// ephemeral run, deleted with it. The services create it.
    /// </summary>
    public string LocalDirectory(string name) =>
        Path.Combine(Options.Ephemeral ? EphemeralRoot : Path.GetDirectoryName(PersistentRoot)!, name);

    /// <summary>Server data and the secret store's folder, unless ephemeral.</summary>
    internal string PersistentRoot => Options.DataDirectory ?? Path.Combine(RepositoryRoot.Find(), ".apphost", "data");

    /// <summary>Everything of an ephemeral run, and the data of servers without a data volume.</summary>
    internal string EphemeralRoot { get; } = Path.Combine(Path.GetTempPath(), $"myelectricaldata-apphost-{Guid.NewGuid():N}");

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }
        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    /// <summary>Keeps only the named resources and what they depend on (tests that need a subset).</summary>
    public void KeepOnly(params string[] names)
    {
        var keep = new HashSet<Resource>();
        void Visit(Resource resource)
        {
            if (!keep.Add(resource))
            {
                return;
            }
            foreach (var dependency in Dependencies(resource))
            {
                Visit(dependency);
            }
        }
        foreach (var name in names)
        {
            Visit(_resources.SingleOrDefault(r => r.Name == name) ?? throw new ArgumentException($"No resource named '{name}'.", nameof(names)));
        }
        _resources.RemoveAll(r => !keep.Contains(r));
        foreach (var project in _resources.OfType<ProjectResource>())
        {
            foreach (var reference in project.References.Where(r => !keep.Contains(r)).ToList())
            {
                project.References.Remove(reference);
            }
        }
    }

    internal static IEnumerable<Resource> Dependencies(Resource resource)
    {
        foreach (var dependency in resource.WaitsFor)
        {
            yield return dependency.Resource;
        }
        switch (resource)
        {
            case PostgresServerResource server:
                yield return server.Password;
                break;
            case PostgresDatabaseResource database:
                yield return database.Server;
                break;
            case RedisResource redis:
                yield return redis.Password;
                break;
            case ProjectResource project:
                foreach (var reference in project.References)
                {
                    yield return reference;
                }
                foreach (var parameter in project.Environment.Values.Select(v => v.Parameter).OfType<ParameterResource>())
                {
                    yield return parameter;
                }
                break;
            default:
                break;
        }
    }

    public DistributedApplication Build()
    {
        BuilderInterception.OnBuild(this);
        return new DistributedApplication(this);
    }
}

public interface IResourceBuilder<out T> where T : Resource
{
    DistributedApplicationBuilder ApplicationBuilder { get; }

    T Resource { get; }
}

internal sealed class ResourceBuilder<T>(DistributedApplicationBuilder applicationBuilder, T resource) : IResourceBuilder<T> where T : Resource
{
    public DistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;

    public T Resource { get; } = resource;
}
