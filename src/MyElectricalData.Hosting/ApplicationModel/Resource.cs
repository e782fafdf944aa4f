namespace MyElectricalData.Hosting;

/// <summary>Something the AppHost runs (a server, a project) or only describes (a parameter, a database).</summary>
public abstract class Resource(string name)
{
    public string Name { get; } = name;

    /// <summary>Resources that must be healthy (or finished) before this one starts.</summary>
    public IList<ResourceDependency> WaitsFor { get; } = [];

    /// <summary>Short type name shown in the console table (postgres, redis, project...).</summary>
    public abstract string DisplayType { get; }

    public override string ToString() => $"{DisplayType} '{Name}'";
}

public enum WaitCondition
{
    Healthy,
    Completed,
}

public sealed record ResourceDependency(Resource Resource, WaitCondition Condition);

/// <summary>A resource others reference through <c>ConnectionStrings__name</c>.</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    /// <summary>The manifest form, e.g. <c>{postgres.connectionString};Database=x</c>.</summary>
    string ConnectionStringExpression { get; }

    /// <summary>The live value; known once the resource runs (or at once for an existing server).</summary>
    string? ConnectionString { get; }
}
