namespace MyElectricalData.Api.Infrastructure;

public static class ApiInfrastructure
{
    /// <summary>Largest request body accepted; the API takes small JSON documents only.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static IHostApplicationBuilder AddApiInfrastructure(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        // Binding failures throw, so that one middleware answers them with the envelope.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }

    public static IApplicationBuilder UseApiInfrastructure(this IApplicationBuilder app) =>
        app.UseMiddleware<ErrorResponses>().UseMiddleware<ControlCharacterGuard>();
}
