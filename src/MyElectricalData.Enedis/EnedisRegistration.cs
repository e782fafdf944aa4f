using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.Enedis.Consents;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Metering;
using MyElectricalData.Enedis.Resilience;
using MyElectricalData.Enedis.Token;
using Polly;
using Polly.RateLimiting;

namespace MyElectricalData.Enedis;

public static class EnedisRegistration
{
    /// <summary>
    /// The provider: <see cref="IEnedisMetering"/>, <see cref="IEnedisCustomers"/> and the token, over an
    /// HttpClient whose pipeline is, per request: total timeout (<see cref="EnedisOptions.Timeout"/>, budget waits
    /// included), retry (transient failures only: 429 with its retry time, 5xx, 408, timeouts, network; one retry on
    /// 401 with a fresh token; never other 4xx), then for every attempt the circuit breaker of the endpoint family
    /// (<see cref="EnedisCircuitBreaker"/>: many usage points failing, not one), a slot of the deployment-wide budget
    /// (the pipeline's rate limiter, <see cref="EnedisBudgetLimiter"/>) and the attempt timeout; then the token, and
    /// last the check that the attempt's slot is still fresh as the request leaves. The token goes over its own
    /// HttpClient (the standard pipeline), <see cref="IEnedisConsents"/> (a consent's code exchanged) over another
    /// (a timeout, never a retry), both outside the data budget. Needs Redis (<c>IConnectionMultiplexer</c>) registered.
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

        // The token endpoint keeps the standard pipeline of ServiceDefaults (it is outside the data budget).
        services.AddHttpClient(EnedisTokenProvider.HttpClientName);
        // ServiceDefaults gives every client the standard handler (ConfigureHttpClientDefaults); the two clients below
        // replace it rather than run it around their own pipeline.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is [Experimental]; it is the package's one way to take the default handler off a client.
        // A consent code is single use: an exchange whose answer was lost must not be sent again (it would come back
        // "invalid_grant" and blame the user); its own pipeline is a timeout only, never a retry.
        services.AddHttpClient(EnedisClients.ConsentCodeHttpClientName)
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler("enedis-consent-code", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(10)));
        // Handlers run in the order added: the pipeline outermost, then (per attempt) the token, then the send gate.
        var data = services.AddHttpClient(EnedisClients.HttpClientName).RemoveAllResilienceHandlers();
        data.AddResilienceHandler("enedis", (pipeline, context) => ConfigurePipeline(pipeline, context.ServiceProvider));
        data.AddHttpMessageHandler<EnedisAuthHandler>()
            .AddHttpMessageHandler<BudgetSendGate>();
#pragma warning restore EXTEXP0001
        return builder;
    }

    /// <summary>
    /// The data pipeline, built with <c>AddResilienceHandler</c> rather than configured on the standard handler, which
    /// cannot express it: the standard handler's rate limiter is its outermost strategy, taken once per call, while
    /// Enedis counts every attempt, retries included, so the budget must sit inside the retry; and its circuit breaker
    /// counts calls, which let one broken meter pause everyone's calls (ADR 0008), while ours counts usage points
    /// per endpoint family. The strategies are the package's and Polly's otherwise: <see cref="HttpRetryStrategyOptions"/>
    /// (Retry-After honoured), Polly's rate limiter strategy over the budget, Polly's timeouts.
    /// </summary>
    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IServiceProvider services)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var settings = services.GetRequiredService<IOptions<EnedisOptions>>().Value;
        var limiter = new EnedisBudgetLimiter(services.GetRequiredService<EnedisBudget>(), services.GetRequiredService<EnedisTokenProvider>(),
            time, settings.Timeout);
        pipeline.TimeProvider = time;
        // Worst case with the defaults (every attempt hangs): 8 s, ~0.5 s pause, 8 s, ~1 s pause, then the 18 s total
        // timeout cuts the third attempt: the client has its 503 and Retry-After after 18 s, under the 20 s it waits.
        pipeline.AddTimeout(settings.Timeout);
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            // 5xx, 408, 429 (after its Retry-After: ShouldRetryAfterHeader is on by default), network errors, attempt
            // timeouts; and a 401 once, which EnedisAuthHandler answered by dropping the refused token. Never other 4xx.
            ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)
                || args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.Unauthorized && args.AttemptNumber == 0),
        });
        // Before the budget: an open circuit answers at once, without taking or waiting for a slot.
        pipeline.AddStrategy(_ => new EnedisCircuitBreaker(settings, time,
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EnedisCircuitBreaker).FullName!)), new StrategyOptions());
        pipeline.AddRateLimiter(new RateLimiterStrategyOptions { Name = "EnedisBudget", RateLimiter = limiter.AcquireAsync });
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
