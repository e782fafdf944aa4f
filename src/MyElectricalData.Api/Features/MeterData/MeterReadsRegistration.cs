namespace MyElectricalData.Api.Features.MeterData;

public static class MeterReadsRegistration
{
    /// <summary>The meter-read service behind the /api and legacy data routes.</summary>
    public static IHostApplicationBuilder AddMeterReads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MeterAccess>();
        builder.Services.AddScoped<MeterReads>();
        return builder;
    }
}
