using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MyElectricalData.Data.Database;

public static class DatabaseRegistration
{
    /// <summary>The AppHost's database resource name, hence <c>ConnectionStrings__myelectricaldata</c>.</summary>
    public const string ConnectionName = "myelectricaldata";

    /// <summary>
    /// Registers <see cref="GatewayDbContext"/> through Aspire's Npgsql EF Core integration (DbContext pooling, the
    /// health check, Npgsql tracing and metrics), fed from the connection <see cref="ResolveConnectionString"/>
    /// finds. Retry on transient failures keeps our bounds (5 retries, 5 s apart at most) rather than the
    /// integration's defaults.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayDatabase(this IHostApplicationBuilder builder)
    {
        // Resolved (and refused when missing) here, then handed to the integration under the name it reads.
        var connectionString = ResolveConnectionString(builder.Configuration);
        builder.Configuration.AddInMemoryCollection([new($"ConnectionStrings:{ConnectionName}", connectionString)]);
        builder.AddNpgsqlDbContext<GatewayDbContext>(ConnectionName, configureDbContextOptions: options => options.UseNpgsql(
            npgsql => npgsql.EnableRetryOnFailure(maxRetryCount: 5, maxRetryDelay: TimeSpan.FromSeconds(5), errorCodesToAdd: null)));
        return builder;
    }

    /// <summary>
    /// <c>ConnectionStrings:myelectricaldata</c>, else <c>ConnectionStrings:postgres</c> (database defaulted),
    /// else <c>DATABASE_URL</c> (postgresql://user:password@host:port/database).
    /// </summary>
    public static string ResolveConnectionString(IConfiguration configuration)
    {
        if (configuration.GetConnectionString(ConnectionName) is { Length: > 0 } direct)
        {
            return direct;
        }
        if (configuration.GetConnectionString("postgres") is { Length: > 0 } server)
        {
            var builder = new NpgsqlConnectionStringBuilder(server);
            builder.Database ??= ConnectionName;
            return builder.ConnectionString;
        }
        if (configuration["DATABASE_URL"] is { Length: > 0 } url)
        {
            return FromUrl(url);
        }
        throw new InvalidOperationException(
            $"No PostgreSQL connection configured: set ConnectionStrings__{ConnectionName}, ConnectionStrings__postgres or DATABASE_URL.");
    }

    private static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new InvalidOperationException("DATABASE_URL must look like postgresql://user:password@host:5432/database.");
        }
        var userInfo = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = Uri.UnescapeDataString(userInfo[0]),
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } database ? database : ConnectionName,
        }.ConnectionString;
    }
}
