namespace MyElectricalData.AppHost.LocalServers;

/// <summary>A <c>redis-server</c> process on a loopback port, password-protected through a private config file.</summary>
public sealed class LocalRedisResource(string name, string command, string dataDirectory, ParameterResource password, int port)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    public ParameterResource Password { get; } = password;

    public string DataDirectory { get; } = dataDirectory;

    public int Port { get; } = port;

    public EndpointReference Endpoint => new(this, "tcp");

    // The shape of Aspire's own Redis resource, so the services read it the same way in every mode.
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.IPV4Host)}:{Endpoint.Property(EndpointProperty.Port)},password={Password}");
}

/// <summary>A <c>postgres</c> server process on a loopback port (as the postgres user when the AppHost runs as root).</summary>
public sealed class LocalPostgresResource(string name, string command, string dataDirectory, ParameterResource password, int port, string binaries)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    public const string UserName = "postgres";

    public ParameterResource Password { get; } = password;

    public string DataDirectory { get; } = dataDirectory;

    public int Port { get; } = port;

    /// <summary>The folder of <c>postgres</c>, <c>initdb</c> and <c>pg_ctl</c>.</summary>
    public string Binaries { get; } = binaries;

    public EndpointReference Endpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host={Endpoint.Property(EndpointProperty.IPV4Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password}");
}

/// <summary>A server the user runs (<c>ConnectionStrings__{name}</c>): nothing is started, its health is still watched.</summary>
public sealed class ExistingServerResource(string name, string connectionString) : Resource(name), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression { get; } = ReferenceExpression.Create($"{connectionString}");
}

/// <summary>A database on a PostgreSQL server, created (when missing) each time the server is ready.</summary>
public sealed class LocalDatabaseResource(string name, string databaseName, IResourceWithConnectionString server)
    : Resource(name), IResourceWithParent<IResourceWithConnectionString>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public IResourceWithConnectionString Parent { get; } = server;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
