namespace MyElectricalData.Api.Features.Consent;

public static class ConsentRegistration
{
    /// <summary>The Enedis consent journey: signed single-use state, the callback and the binding of usage points to consents.</summary>
    public static IHostApplicationBuilder AddConsent(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConsentState>();
        builder.Services.AddScoped<ConsentBinding>();
        builder.Services.AddScoped<ConsentCallback>();
        builder.Services.AddScoped<ConsentCodeCheck>();
        builder.Services.AddScoped<NewMeterDescriptions>();
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddSingleton<ConsentLinks>();
        return builder;
    }
}
