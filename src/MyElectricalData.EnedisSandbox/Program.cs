// The Enedis Data Connect sandbox: a stand-in for Enedis (consent page, token, the nine data endpoints, their
// rules, errors and quotas) for local development and tests. This file is its table of contents.
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyElectricalData.EnedisSandbox;
using MyElectricalData.EnedisSandbox.Authorize;
using MyElectricalData.EnedisSandbox.Calls;
using MyElectricalData.EnedisSandbox.Controls;
using MyElectricalData.EnedisSandbox.Customers;
using MyElectricalData.EnedisSandbox.Data;
using MyElectricalData.EnedisSandbox.Faults;
using MyElectricalData.EnedisSandbox.Quota;
using MyElectricalData.EnedisSandbox.Token;

await SandboxApp.Create(args).RunAsync();

namespace MyElectricalData.EnedisSandbox
{
    public static class SandboxApp
    {
        /// <summary>
        /// Builds the sandbox. Tests pass <paramref name="configure"/> to add configuration, replace the
        /// <see cref="TimeProvider"/> or listen on http://127.0.0.1:0; it runs after the sandbox's own registrations.
        /// </summary>
        public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSandbox();
            builder.Services.AddSandboxTelemetry(builder.Configuration);
            configure?.Invoke(builder);

            var app = builder.Build();
            app.UseMiddleware<CallLogMiddleware>();
            app.MapHealthChecks("/health");
            app.MapAuthorize();
            app.MapToken();
            app.MapEnedisData();
            app.MapSandboxControls();
            return app;
        }

        private static IServiceCollection AddSandbox(this IServiceCollection services)
        {
            services.AddOptions<SandboxOptions>()
                .BindConfiguration(SandboxOptions.SectionName)
                .ValidateDataAnnotations()
                .ValidateOnStart();
            services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
            services.ConfigureHttpJsonOptions(json =>
            {
                // Enedis' wire: snake_case, absent rather than null.
                json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
                json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
                json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            });
            services.AddHealthChecks();

            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<ParisClock>();
            services.AddSingleton<MeterCatalog>();
            services.AddSingleton<CustomerDirectory>();
            services.AddSingleton<ConsentRegistry>();
            services.AddSingleton<AuthorizationCodes>();
            services.AddSingleton<TokenStore>();
            services.AddSingleton<QuotaLimiter>();
            services.AddSingleton<FaultStore>();
            services.AddSingleton<CallLog>();
            return services;
        }
    }
}
