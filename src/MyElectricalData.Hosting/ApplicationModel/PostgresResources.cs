using MyElectricalData.Hosting.Orchestration;
using Npgsql;

namespace MyElectricalData.Hosting;

/// <summary>
/// A PostgreSQL server: an existing one when <c>ConnectionStrings__{name}</c> is configured, otherwise a local
/// <c>postgres</c> process on a free loopback port (run as the <c>postgres</c> user when the AppHost is root).
/// </summary>
public sealed class PostgresServerResource(string name, ParameterResource password) : RunnableResource(name), IResourceWithConnectionString
{
    public const string Image = "docker.io/library/postgres";
    public const string ImageTag = "15";
    private const string UserName = "postgres";

    public ParameterResource Password { get; } = password;

    public IList<PostgresDatabaseResource> Databases { get; } = [];

    /// <summary>Set by <c>WithDataVolume</c>: data survives restarts (locally under .apphost/, deployed in a volume).</summary>
    public bool HasDataVolume { get; internal set; }

    /// <summary>A server configured by the user; nothing is started.</summary>
    public string? ExistingConnectionString { get; internal set; }

    public int? Port { get; private set; }

    public override string DisplayType => "postgres";

    public string ConnectionStringExpression =>
        $"Host={{{Name}.bindings.tcp.host}};Port={{{Name}.bindings.tcp.port}};Username={UserName};Password={{{Password.Name}.value}}";

    public string? ConnectionString => ExistingConnectionString ??
        (Port is { } port ? $"Host=127.0.0.1;Port={port};Username={UserName};Password={Password.Value}" : null);

    internal override bool RestartsWhenItDies => ExistingConnectionString is null;

    public override IEnumerable<string> Urls => ExistingConnectionString is not null
        ? [$"existing server ({new NpgsqlConnectionStringBuilder(ExistingConnectionString).Host})"]
        : Port is { } port ? [$"tcp://127.0.0.1:{port}"] : [];

    internal override async Task StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        if (ExistingConnectionString is not null)
        {
            return;
        }
        var binaries = FindBinaries();
        var dataDirectory = context.DataDirectoryFor(this, HasDataVolume);
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(context, binaries, dataDirectory, cancellationToken);
        }
        // Kept across restarts: the projects that reference this server were given this port.
        Port ??= context.PortFor(null);
        string[] arguments =
        [
            "-D", dataDirectory, "-p", Port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            // No Unix socket: nothing to clean up, no clash with a system server.
            "-c", "unix_socket_directories=",
            "-c", "max_connections=300",
        ];
        if (!HasDataVolume || context.Options.Ephemeral)
        {
            // Throw-away data: durability only costs time.
            arguments = [.. arguments, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];
        }
        Process = await ChildProcess.StartAsync(context.Launcher, Name, context.Logs, Path.Combine(binaries, "postgres"),
            arguments, dataDirectory, new Dictionary<string, string?>(), context.ServerUser);
    }

    private async Task InitializeAsync(RunContext context, string binaries, string dataDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        // Beside the data folder: initdb wants an empty one.
        var passwordFile = dataDirectory + ".pwfile";
        await File.WriteAllTextAsync(passwordFile, Password.Value, cancellationToken);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            await Ownership.GiveToAsync(context, dataDirectory, cancellationToken);
            await Ownership.GiveToAsync(context, passwordFile, cancellationToken);
            await ChildProcess.RunToCompletionAsync(context.Launcher, Name, context.Logs, Path.Combine(binaries, "initdb"),
                ["-D", dataDirectory, "-U", UserName, "--pwfile", passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-instructions"],
                dataDirectory, context.ServerUser, cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    internal override async Task<bool> IsHealthyAsync(RunContext context, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 3, Database = "postgres" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    internal override Task StopAsync() =>
        // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
        Process?.StopAsync(Signals.SIGINT, TimeSpan.FromSeconds(15)) ?? Task.CompletedTask;

    private static string FindBinaries()
    {
        string[] known = Directory.Exists("/usr/lib/postgresql")
            ? [.. Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin"))]
            : [];
        var postgres = ExecutableFinder.Find("postgres", known);
        if (postgres is null || !File.Exists(Path.Combine(Path.GetDirectoryName(postgres)!, "initdb")))
        {
            throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, postgres) were not found on PATH or in /usr/lib/postgresql/*/bin. " +
                "Install them (Debian: apt-get install -y postgresql) or set ConnectionStrings__postgres to an existing server.");
        }
        // Resolve symlinks so that initdb finds its share/ folder next to the real binaries.
        var real = new FileInfo(postgres).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? postgres;
        return Path.GetDirectoryName(real)!;
    }
}

/// <summary>A database on a PostgreSQL server, created once the server is healthy.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server)
    : RunnableResource(name), IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Server { get; } = server;

    public override string DisplayType => "database";

    public string ConnectionStringExpression => $"{{{Server.Name}.connectionString}};Database={DatabaseName}";

    public string? ConnectionString => Server.ConnectionString is { } server
        ? new NpgsqlConnectionStringBuilder(server) { Database = DatabaseName }.ConnectionString
        : null;

    internal override async Task StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Pooling = false, Database = "postgres" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", DatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            var quoted = "\"" + DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            context.Logs.Write(Name, $"created database {DatabaseName}");
        }
    }

    internal override Task<bool> IsHealthyAsync(RunContext context, CancellationToken cancellationToken) => Task.FromResult(true);
}

internal static class Ownership
{
    /// <summary>Hands a folder to the server user (when the AppHost is root), so the server can write its data.</summary>
    public static async Task GiveToAsync(RunContext context, string directory, CancellationToken cancellationToken)
    {
        if (context.ServerUser is not { } user)
        {
            return;
        }
        await ChildProcess.RunToCompletionAsync(context.Launcher, "apphost", context.Logs, "chown",
            ["-R", $"{user}:{user}", directory], "/", cancellationToken: cancellationToken);
    }
}
