using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace MyElectricalData.Data.Redis;

/// <summary>
/// The one place that connects to Redis: Aspire's StackExchange.Redis client integration (the
/// <c>IConnectionMultiplexer</c> singleton, its health check and tracing), fed from <c>ConnectionStrings:redis</c>
/// or SPEC §9's flat <c>REDIS_URL</c>. Everything else depends on <c>IConnectionMultiplexer</c>.
/// </summary>
public static class RedisRegistration
{
    public const string ConnectionName = "redis";

    public static IHostApplicationBuilder AddGatewayRedis(this IHostApplicationBuilder builder)
    {
        // Resolved (and refused when missing) here, then handed to the integration under the name it reads.
        var connectionString = ResolveConnectionString(builder.Configuration);
        builder.Configuration.AddInMemoryCollection([new($"ConnectionStrings:{ConnectionName}", connectionString)]);
        // The integration already keeps retrying in the background (AbortOnConnectFail off) instead of failing
        // start-up when Redis is briefly away; the 5 s connect timeout is ours. FailFast: while disconnected a
        // command fails at once (as 1.x did) and the API answers 503 with Retry-After, instead of the 2.x+ default
        // of queueing it until Redis is back or the command times out.
        builder.AddRedisClient(ConnectionName, settings => settings.DisableTracing = true, options =>
        {
            options.ConnectTimeout = 5000;
            options.BacklogPolicy = BacklogPolicy.FailFast;
        });
        // Tracing: the instrumentation keeps every profiled command of a request until it flushes them, by default every
        // 10 s, which under load held ~600 MB in the API (bench/datapath at 1,400 req/s: 888 MB peak against 257 MB
        // without it). The integration's own copy keeps those options internal, so the OpenTelemetry package is used
        // instead, flushing every second.
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddRedisInstrumentation(options =>
            options.FlushInterval = TimeSpan.FromSeconds(1)));
        builder.Services.AddSingleton<RedisKeyspace>();
        return builder;
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
