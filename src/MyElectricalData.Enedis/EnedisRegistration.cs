using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.Enedis.Consents;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Metering;
using MyElectricalData.Enedis.Resilience;
using MyElectricalData.Enedis.Token;
using MyElectricalData.ServiceDefaults.Resilience;
using Polly;
using Polly.Retry;

namespace MyElectricalData.Enedis;

public static class EnedisRegistration
{
    /// <summary>
    /// The provider: <see cref="IEnedisMetering"/>, <see cref="IEnedisCustomers"/> and the token, over an
    /// HttpClient whose pipeline is, per request: total timeout (<see cref="EnedisOptions.Timeout"/>, budget waits
    /// included), retry (transient failures only: 429 with its retry time, 5xx, 408, timeouts, network; one retry on
    /// 401 with a fresh token; never other 4xx), then for every attempt the circuit breaker of the endpoint family
    /// (<see cref="EnedisCircuitBreaker"/>: many usage points failing, not one), a slot of the deployment-wide budget
    /// and the attempt timeout; then the token, and last the check that the attempt's slot is still fresh as the
    /// request leaves. <see cref="IEnedisConsents"/> (a consent's code exchanged) and the token go over the token HttpClient
    /// instead. Needs Redis (<c>IConnectionMultiplexer</c>) registered.
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
        // A consent code is single use: an exchange whose answer was lost must not be sent again (it would come back
        // "invalid_grant" and blame the user); its own pipeline, a timeout only, replaces the standard one.
        services.AddHttpClient(EnedisClients.ConsentCodeHttpClientName)
            .AddResilienceHandler("enedis-consent-code", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(10)));
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
        // Worst case with the defaults (every attempt hangs): 8 s, ~0.5 s pause, 8 s, ~1 s pause, then the 18 s total
        // timeout cuts the third attempt: the client has its 503 and Retry-After after 18 s, under the 20 s it waits.
        pipeline.AddTimeout(settings.Timeout);
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
        // Before the budget: an open circuit answers at once, without taking or waiting for a slot.
        pipeline.AddStrategy(_ => new EnedisCircuitBreaker(settings, time,
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EnedisCircuitBreaker).FullName!)), new StrategyOptions());
        pipeline.AddStrategy(_ => new BudgetStrategy(budget, services.GetRequiredService<EnedisTokenProvider>(), time, settings.Timeout), new StrategyOptions());
        pipeline.AddTimeout(settings.AttemptTimeout);
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private sealed class StrategyOptions : ResilienceStrategyOptions;
}
