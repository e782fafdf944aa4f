// Resilience for outgoing HTTP: this module owns the standard pipeline (rate limiter, total timeout, retry,
// circuit breaker, attempt timeout, with the defaults of Microsoft.Extensions.Http.Resilience, which is not
// available to us), its options and their validation, and the handler that runs it. It knows nothing of the
// services it calls: no URLs, no status codes specific to one API.
//
// Usage, once per service (ServiceDefaults):
//     builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
// A client with needs of its own replaces the standard pipeline rather than stacking on it:
//     builder.Services.AddHttpClient("enedis").AddResilienceHandler("enedis", pipeline => pipeline.AddRetry(...));
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Polly;

namespace MyElectricalData.ServiceDefaults.Resilience;

public static class ResilienceHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds the standard pipeline to the client (to every client when called in ConfigureHttpClientDefaults),
    /// unless the client has its own pipeline from AddResilienceHandler. Calling it again for a
    /// client that already has it only adds <paramref name="configure"/>, which runs after configuration binding.
    /// </summary>
    public static IHttpClientBuilder AddStandardResilienceHandler(
        this IHttpClientBuilder builder, Action<HttpStandardResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddPipelineServices(builder.Services);

        if (configure is not null)
        {
            // A null name (ConfigureHttpClientDefaults) configures the options of every client.
            builder.Services.Configure(builder.Name, configure);
        }

        builder.Services.AddOptions<HttpStandardResilienceOptions>(builder.Name ?? Options.DefaultName).ValidateOnStart();
        builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, factory =>
            factory.HttpMessageHandlerBuilderActions.Add(AddStandardHandler));
        return builder;
    }

    /// <summary>
    /// Gives the client its own pipeline, built by <paramref name="configure"/>, in place of the standard one.
    /// </summary>
    public static IHttpClientBuilder AddResilienceHandler(
        this IHttpClientBuilder builder, string pipelineName, Action<ResiliencePipelineBuilder<HttpResponseMessage>> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddResilienceHandler(pipelineName, (pipeline, _) => configure(pipeline));
    }

    /// <summary>As above, for a pipeline whose strategies need services (a time provider, a shared budget...).</summary>
    public static IHttpClientBuilder AddResilienceHandler(
        this IHttpClientBuilder builder, string pipelineName, Action<ResiliencePipelineBuilder<HttpResponseMessage>, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(pipelineName);
        ArgumentNullException.ThrowIfNull(configure);
        AddPipelineServices(builder.Services);

        builder.Services.Configure<OwnResiliencePipeline>(builder.Name, own => own.IsConfigured = true);
        builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, factory =>
            factory.HttpMessageHandlerBuilderActions.Add(handlers =>
            {
                var pipelines = handlers.Services.GetRequiredService<HttpResiliencePipelines>();
                var pipeline = pipelines.Own(ClientName(handlers), pipelineName, pipelineBuilder => configure(pipelineBuilder, handlers.Services));
                handlers.AdditionalHandlers.Add(new ResilienceHandler(pipeline));
            }));
        return builder;
    }

    private static void AddStandardHandler(HttpMessageHandlerBuilder handlers)
    {
        var clientName = ClientName(handlers);
        var hasOwnPipeline = handlers.Services.GetRequiredService<IOptionsMonitor<OwnResiliencePipeline>>().Get(clientName).IsConfigured;
        if (hasOwnPipeline || handlers.AdditionalHandlers.OfType<ResilienceHandler>().Any(h => h.IsStandard))
        {
            return;
        }

        var pipeline = handlers.Services.GetRequiredService<HttpResiliencePipelines>().Standard(clientName);
        handlers.AdditionalHandlers.Add(new ResilienceHandler(pipeline) { IsStandard = true });
    }

    private static string ClientName(HttpMessageHandlerBuilder handlers) => handlers.Name ?? Options.DefaultName;

    private static void AddPipelineServices(IServiceCollection services)
    {
        services.TryAddSingleton<HttpResiliencePipelines>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpStandardResilienceOptions>, HttpStandardResilienceOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpStandardResilienceOptions>, HttpStandardResilienceOptionsAnnotationsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpStandardResilienceOptions>, HttpStandardResilienceOptionsValidator>());
        services.AddHostedService<ClientSectionsStartupValidation>();
    }
}
