using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.Enedis.Consents;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Metering;
using MyElectricalData.Enedis.Token;
using MyElectricalData.ServiceDefaults.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace MyElectricalData.Enedis;

public static class EnedisRegistration
{
    /// <summary>
    /// The provider: <see cref="IEnedisMetering"/>, <see cref="IEnedisCustomers"/> and the token, over an
    /// HttpClient whose pipeline is, per request: total timeout, retry (transient failures only: 429 with its
    /// retry time, 5xx, 408, timeouts, network; one retry on 401 with a fresh token; never other 4xx), then
    /// for every attempt a slot of the deployment-wide budget, a circuit breaker and an attempt timeout; then the
    /// token, and last the check that the attempt's slot is still fresh as the request leaves.
    /// <see cref="IEnedisConsents"/> (a consent's code exchanged) and the token go over the token HttpClient instead.
    /// Needs Redis (<c>IConnectionMultiplexer</c>) registered.
    /// </summary>
    public static IHostApplicationBuilder AddEnedisProvider(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<EnedisOptionsSetup>();
        services.AddSingleton<IConfigureOptions<EnedisOptions>>(sp => sp.GetRequiredService<EnedisOptionsSetup>());
        services.AddSingleton<IValidateOptions<EnedisOptions>>(sp => sp.GetRequiredService<EnedisOptionsSetup>());
        services.AddOptions<EnedisOptions>().ValidateOnStart();
        services.TryAddTimeProvider();
        services.AddSingleton<EnedisBudget>();
        services.AddSingleton<EnedisTokenProvider>();
        services.AddSingleton<EnedisClients>();
        services.AddSingleton<IEnedisMetering, EnedisMetering>();
        services.AddSingleton<IEnedisCustomers, EnedisCustomers>();
        services.AddSingleton<IEnedisConsents, EnedisConsents>();
        services.AddTransient<EnedisAuthHandler>();
        services.AddTransient<BudgetSendGate>();

        // The token endpoint keeps the standard pipeline (it is outside the data budget).
        services.AddHttpClient(EnedisTokenProvider.HttpClientName);
        services.AddHttpClient(EnedisClients.HttpClientName)
            .AddResilienceHandler("enedis", (pipeline, sp) => ConfigurePipeline(pipeline, sp))
            .AddHttpMessageHandler<EnedisAuthHandler>()
            .AddHttpMessageHandler<BudgetSendGate>();
        return builder;
    }

    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IServiceProvider services)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var budget = services.GetRequiredService<EnedisBudget>();
        var settings = services.GetRequiredService<IOptions<EnedisOptions>>().Value;
        pipeline.AddTimeout(TimeSpan.FromSeconds(90));
        pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            ShouldHandle = args => ValueTask.FromResult(HttpTransientFailure.Is(args.Outcome)
                || args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.Unauthorized && args.AttemptNumber == 0),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter.DelayOf(args.Outcome.Result, time)),
        });
        pipeline.AddStrategy(_ => new BudgetStrategy(budget, services.GetRequiredService<EnedisTokenProvider>()), new BudgetStrategyOptions());
        pipeline.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            // Sized for a 5/s upstream: 100 calls in 30 s (the default) would rarely be reached.
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = settings.CircuitBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null
                ? HttpTransientFailure.Is(args.Outcome)
                : (int)args.Outcome.Result!.StatusCode >= 500),
        });
        pipeline.AddTimeout(TimeSpan.FromSeconds(15));
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private sealed class BudgetStrategyOptions : ResilienceStrategyOptions;
}
