namespace MyElectricalData.Api.Features.Quotas;

public static class QuotasRegistration
{
    /// <summary>The per-user daily quotas (USER_DAILY_LIMIT_NO_CACHE, USER_DAILY_LIMIT_WITH_CACHE): counting and reading them.</summary>
    public static IHostApplicationBuilder AddQuotas(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UsageCounters>();
        builder.Services.AddSingleton<QuotaGate>();
        builder.Services.AddOptions<QuotaOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.NoCacheLimit = Auth.GatewaySecurityOptionsSetup.Int(configuration["USER_DAILY_LIMIT_NO_CACHE"], 50, "USER_DAILY_LIMIT_NO_CACHE");
            options.CachedLimit = Auth.GatewaySecurityOptionsSetup.Int(configuration["USER_DAILY_LIMIT_WITH_CACHE"], 1000, "USER_DAILY_LIMIT_WITH_CACHE");
        }).Validate(o => o.NoCacheLimit >= 0 && o.CachedLimit >= 0, "USER_DAILY_LIMIT_NO_CACHE and USER_DAILY_LIMIT_WITH_CACHE must be >= 0.").ValidateOnStart();
        return builder;
    }
}
