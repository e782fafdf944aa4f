namespace MyElectricalData.Api.OpenApi;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) and Swagger UI (<c>/docs</c>).</summary>
public static class ApiDocumentation
{
    public static IHostApplicationBuilder AddApiDocumentation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "MyElectricalData gateway";
            document.Info.Description = "Your own Linky data from Enedis Data Connect, through the MyElectricalData gateway.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi();
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.SwaggerEndpoint("/openapi/v1.json", "MyElectricalData gateway v1");
            options.DocumentTitle = "MyElectricalData gateway - API";
        });
        return app;
    }
}
