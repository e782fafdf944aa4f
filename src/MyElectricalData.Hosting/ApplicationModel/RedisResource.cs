using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MyElectricalData.Hosting.Orchestration;

namespace MyElectricalData.Hosting;

/// <summary>
/// A Redis server: an existing one when <c>ConnectionStrings__{name}</c> is configured, otherwise a local
/// <c>redis-server</c> on a free loopback port, password-protected, configured through a private file
/// (so the password never shows in the process list).
/// </summary>
public sealed class RedisResource(string name, ParameterResource password) : RunnableResource(name), IResourceWithConnectionString
{
    public const string Image = "docker.io/library/redis";
    public const string ImageTag = "7.4";

    public ParameterResource Password { get; } = password;

    public bool HasDataVolume { get; internal set; }

    public string? ExistingConnectionString { get; internal set; }

    public int? Port { get; private set; }

    public override string DisplayType => "redis";

    public string ConnectionStringExpression =>
        $"{{{Name}.bindings.tcp.host}}:{{{Name}.bindings.tcp.port}},password={{{Password.Name}.value}}";

    public string? ConnectionString => ExistingConnectionString ??
        (Port is { } port ? $"127.0.0.1:{port},password={Password.Value}" : null);

    internal override bool RestartsWhenItDies => ExistingConnectionString is null;

    public override IEnumerable<string> Urls => ExistingConnectionString is not null
        ? ["existing server"]
        : Port is { } port ? [$"tcp://127.0.0.1:{port}"] : [];

    internal override async Task StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        if (ExistingConnectionString is not null)
        {
            return;
        }
        var server = ExecutableFinder.Find("redis-server") ?? throw new InvalidOperationException(
            "redis-server was not found on PATH. Install it (Debian: apt-get install -y redis-server) " +
            "or set ConnectionStrings__redis to an existing server.");
        var dataDirectory = context.DataDirectoryFor(this, HasDataVolume);
        Directory.CreateDirectory(dataDirectory);
        // Kept across restarts: the projects that reference this server were given this port.
        Port ??= context.PortFor(null);
        var persistent = HasDataVolume && !context.Options.Ephemeral;
        var configuration = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port {Port}")
            .AppendLine("bind 127.0.0.1")
            .AppendLine("protected-mode yes")
            .AppendLine(CultureInfo.InvariantCulture, $"requirepass {Password.Value}")
            .AppendLine(CultureInfo.InvariantCulture, $"dir \"{dataDirectory}\"")
            .AppendLine(persistent ? "save 60 1" : "save \"\"")
            .AppendLine("appendonly no")
            .AppendLine("daemonize no")
            .ToString();
        var configurationFile = Path.Combine(dataDirectory, "redis.conf");
        await File.WriteAllTextAsync(configurationFile, configuration, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(configurationFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        Process = await ChildProcess.StartAsync(context.Launcher, Name, context.Logs, server, [configurationFile],
            dataDirectory, new Dictionary<string, string?>());
    }

    internal override async Task<bool> IsHealthyAsync(RunContext context, CancellationToken cancellationToken)
    {
        var (host, port, password) = Parse(ConnectionString!);
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await client.ConnectAsync(host, port, timeout.Token);
            await using var stream = client.GetStream();
            var command = password is null ? "PING\r\n" : $"AUTH {password}\r\nPING\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command), timeout.Token);
            var buffer = new byte[256];
            var received = new StringBuilder();
            while (!received.ToString().Contains("+PONG", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0 || received.Append(Encoding.ASCII.GetString(buffer, 0, read)).ToString().Contains('-', StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static (string Host, int Port, string? Password) Parse(string connectionString)
    {
        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var endpoint = parts[0];
        var colon = endpoint.LastIndexOf(':');
        var host = colon < 0 ? endpoint : endpoint[..colon];
        var port = colon < 0 ? 6379 : int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture);
        var password = parts.Skip(1).FirstOrDefault(p => p.StartsWith("password=", StringComparison.OrdinalIgnoreCase))?["password=".Length..];
        return (host, port, password);
    }
}
