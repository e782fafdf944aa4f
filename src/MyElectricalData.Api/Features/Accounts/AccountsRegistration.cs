using MyElectricalData.Api.Features.Quotas;

namespace MyElectricalData.Api.Features.Accounts;

public static class AccountsRegistration
{
    /// <summary>Accounts, PDLs, quotas read side and admin: the services their endpoints use.</summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<EmailTokens>();
        builder.Services.AddScoped<AccountDeletion>();
        builder.Services.AddSingleton<UsageCounters>();
        builder.Services.AddSingleton<QuotaGate>();
        builder.Services.AddSingleton<Consent.ConsentState>();
        builder.Services.AddScoped<Consent.ConsentBinding>();
        builder.Services.AddScoped<Consent.ConsentCallback>();
        builder.Services.AddSingleton<Consent.PublicUrls>();
        builder.Services.AddScoped<MeterData.MeterRequests>();
        builder.Services.AddOptions<QuotaOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.NoCacheLimit = Auth.SecurityOptionsSetup.Int(configuration["USER_DAILY_LIMIT_NO_CACHE"], 50, "USER_DAILY_LIMIT_NO_CACHE");
            options.CachedLimit = Auth.SecurityOptionsSetup.Int(configuration["USER_DAILY_LIMIT_WITH_CACHE"], 1000, "USER_DAILY_LIMIT_WITH_CACHE");
        }).Validate(o => o.NoCacheLimit >= 0 && o.CachedLimit >= 0, "USER_DAILY_LIMIT_NO_CACHE and USER_DAILY_LIMIT_WITH_CACHE must be >= 0.").ValidateOnStart();
        builder.Services.AddHostedService<AccountSeeder>();
        return builder;
    }
}
