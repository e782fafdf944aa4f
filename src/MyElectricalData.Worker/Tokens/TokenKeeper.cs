using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MyElectricalData.Enedis;
using MyElectricalData.Enedis.Token;

namespace MyElectricalData.Worker.Tokens;

public sealed class TokenKeeperOptions
{
    public const string Section = "Worker:TokenKeeper";

    /// <summary>
    /// How long before the provider's own refresh margin the keeper renews: requests then always find a token
    /// that is not yet due, so none of them waits on a token fetch.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Lead { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Keeps the Enedis company token fresh: renews it (through the provider, which shares it in Redis) ahead of
/// the provider's refresh margin, retries failures with exponential backoff and jitter, and reports its state
/// on /health: healthy with the expiry, degraded while renewals fail but the token is still valid, unhealthy
/// once it expired. Knows the token's expiry, never the token.
/// </summary>
public sealed partial class TokenKeeper(
    EnedisTokenProvider tokens,
    IOptions<EnedisOptions> enedis,
    IOptions<TokenKeeperOptions> options,
    TimeProvider time,
    ILogger<TokenKeeper> logger) : BackgroundService, IHealthCheck
{
    private volatile string? _lastError;
    private int _failures;

    /// <summary>Successful renewals since start (tests and health read it).</summary>
    public int Renewals { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = tokens.ExpiresAt is { } expiresAt ? DueIn(expiresAt) : TimeSpan.Zero;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            try
            {
                // Forced: at this point the token is not due for the provider yet, so an unforced call would keep it.
                var renewed = await tokens.RenewAsync(force: true, stoppingToken);
                Renewals++;
                _failures = 0;
                _lastError = null;
                WorkerTelemetry.TokenRenewals.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
                LogRenewed(logger, renewed.ExpiresAt);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                _failures++;
                // The message only: exceptions from the token call never carry the token, but may carry request details.
                _lastError = e.Message;
                WorkerTelemetry.TokenRenewals.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
                var retryIn = Backoff(_failures);
                LogRenewalFailed(logger, _failures, retryIn.TotalSeconds, e.Message);
                await Task.Delay(retryIn, time, stoppingToken);
            }
        }
    }

    private TimeSpan DueIn(DateTimeOffset expiresAt) =>
        expiresAt - enedis.Value.TokenRefreshAhead - options.Value.Lead - time.GetUtcNow();

    private TimeSpan Backoff(int failures)
    {
        var settings = options.Value;
        var exponential = settings.FirstRetryDelay * Math.Pow(2, Math.Min(failures - 1, 16));
        var capped = exponential < settings.MaxRetryDelay ? exponential : settings.MaxRetryDelay;
        // +-20 % so that replicas that failed together do not retry together.
        return capped * (0.8 + 0.4 * Random.Shared.NextDouble());
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var result = tokens.ExpiresAt switch
        {
            { } expiresAt when expiresAt <= now => HealthCheckResult.Unhealthy($"the Enedis token expired at {expiresAt:O}; last renewal error: {_lastError ?? "none"}"),
            { } expiresAt when _lastError is not null => HealthCheckResult.Degraded($"token valid until {expiresAt:O}, but {_failures} renewal(s) failed: {_lastError}"),
            { } expiresAt => HealthCheckResult.Healthy($"token valid until {expiresAt:O}"),
            null when _lastError is not null => HealthCheckResult.Unhealthy($"no Enedis token: {_lastError}"),
            null => HealthCheckResult.Healthy("first renewal pending"),
        };
        return Task.FromResult(result);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Token keeper renewed the Enedis token; valid until {ExpiresAt:O}")]
    private static partial void LogRenewed(ILogger logger, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token keeper could not renew the Enedis token ({Failures} in a row); retrying in {RetryInSeconds:0.0} s: {Error}")]
    private static partial void LogRenewalFailed(ILogger logger, int failures, double retryInSeconds, string error);
}

public static class TokenKeeperRegistration
{
    /// <summary>The token keeper and its health check. Needs the Enedis provider registered.</summary>
    public static IHostApplicationBuilder AddTokenKeeper(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TokenKeeperOptions>().BindConfiguration(TokenKeeperOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenKeeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TokenKeeper>());
        builder.Services.AddHealthChecks().AddCheck<TokenKeeper>("enedis-token");
        return builder;
    }
}
