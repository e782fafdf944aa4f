using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace MyElectricalData.AppHost.LocalServers;

/// <summary>Whether a server answers with given credentials, and the database a service expects on it.</summary>
internal static class ServerProbes
{
    /// <summary>AUTH (when a password is set) then PING, over a plain socket: the AppHost needs no Redis client for this.</summary>
    public static async Task<bool> RedisAsync(string connectionString, CancellationToken cancellationToken)
    {
        var (host, port, password) = ParseRedis(connectionString);
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

    public static async Task<bool> PostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3, Database = "postgres" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or SocketException)
        {
            return false;
        }
    }

    public static async Task CreateDatabaseAsync(string serverConnectionString, string databaseName, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false, Database = "postgres" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", databaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }
        var quoted = "\"" + databaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Created database {Database}", databaseName);
    }

    private static (string Host, int Port, string? Password) ParseRedis(string connectionString)
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
