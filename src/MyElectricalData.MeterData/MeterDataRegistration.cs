using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MyElectricalData.MeterData;

public static class MeterDataRegistration
{
    /// <summary>The encrypted per-day cache and the read path. Needs Redis and the Enedis provider registered.</summary>
    public static IHostApplicationBuilder AddMeterData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MeterCacheOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (configuration["CACHE_TTL_SECONDS"] is { Length: > 0 } ttl)
                {
                    options.Ttl = int.TryParse(ttl, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                        ? TimeSpan.FromSeconds(seconds)
                        : throw new OptionsValidationException("CACHE_TTL_SECONDS", typeof(MeterCacheOptions), ["CACHE_TTL_SECONDS must be a positive number of seconds."]);
                }
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<MeterCache>();
        builder.Services.AddSingleton<IMeterSource, EnedisMeterSource>();
        builder.Services.AddSingleton<IMeterSource, DemoMeterSource>();
        builder.Services.AddSingleton<MeterDataService>();
        return builder;
    }
}
