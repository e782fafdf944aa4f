using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace MyElectricalData.Data.Redis;

/// <summary>
/// The one place that connects to Redis. StackExchange.Redis 1.2.6 is the only version on our mirror
/// (docs/adr/0003); everything else depends on <see cref="IConnectionMultiplexer"/>, whose shape 2.x keeps,
/// so an upgrade is the package version and, at most, this file.
/// </summary>
public static class RedisRegistration
{
    public const string ConnectionName = "redis";

    public static IHostApplicationBuilder AddGatewayRedis(this IHostApplicationBuilder builder)
    {
        RaiseThreadPoolFloor();
        var options = ConfigurationOptions.Parse(ResolveConnectionString(builder.Configuration));
        // Keep retrying in the background instead of failing start-up when Redis is briefly away.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        // The purge's SCAN pages are synchronous calls; 1.2.6's default of 1 s made a stall of the client a 503 on
        // DELETE cache now and then. A Redis that is really gone still fails at once (not connected).
        options.SyncTimeout = 5000;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddSingleton<KeyspacePurger>();
        builder.Services.AddHostedService<RedisConnector>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        return builder;
    }

    /// <summary>
    /// StackExchange.Redis 1.2.6 parks thread-pool threads for its socket work. On a two-core machine (a pool
    /// of two threads before the pool grows, one thread per half second) every async continuation of the
    /// process then stalls for 0.5 to 1 s now and then: measured, Redis round trips of 0.4 ms p50 with 560 to
    /// 970 ms maxima and 150 ms delays lasting 600 to 1,070 ms; with 32 threads ready, 8 ms at most. Any
    /// process that talks to Redis through this client calls this first.
    /// </summary>
    public static void RaiseThreadPoolFloor(int threads = 32)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, threads), Math.Max(io, threads));
    }

    /// <summary><c>ConnectionStrings:redis</c>, else <c>REDIS_URL</c> (redis://[:password@]host:port).</summary>
    public static string ResolveConnectionString(IConfiguration configuration)
    {
        if (configuration.GetConnectionString(ConnectionName) is { Length: > 0 } direct)
        {
            return direct;
        }
        if (configuration["REDIS_URL"] is { Length: > 0 } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss"))
            {
                throw new InvalidOperationException("REDIS_URL must look like redis://:password@host:6379.");
            }
            var password = uri.UserInfo.Split(':', 2) is [_, var secret] ? Uri.UnescapeDataString(secret) : null;
            var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
            return $"{uri.Host}:{port}" + (password is null ? "" : $",password={password}") + (uri.Scheme == "rediss" ? ",ssl=true" : "");
        }
        throw new InvalidOperationException($"No Redis connection configured: set ConnectionStrings__{ConnectionName} or REDIS_URL.");
    }
}

/// <summary>
/// Connects at start-up: StackExchange.Redis 1.x connects synchronously, and doing that lazily on a thread-pool
/// thread under the first burst of requests can starve the pool until the connection times out.
/// </summary>
internal sealed class RedisConnector(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.Run(() => services.GetRequiredService<IConnectionMultiplexer>(), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer PING.");
        }
    }
}
