using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace MyElectricalData.Api.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) and Swagger UI (<c>/docs</c>). Every protected operation
/// lists the four ways to authenticate; Swagger UI can sign in with client credentials against
/// <c>/api/accounts/token</c>.
/// </summary>
public static class ApiDocumentation
{
    private static readonly string[] Schemes = ["oauth2", "bearer", "basic", "cookie"];

    public static IHostApplicationBuilder AddApiDocumentation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "MyElectricalData gateway";
                document.Info.Description = "Your own Linky data from Enedis Data Connect, through the MyElectricalData gateway. " +
                    "Authenticate with your client_id/client_secret (OAuth2 client credentials, Basic, or the secret as a bearer token).";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["oauth2"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.OAuth2,
                        Description = "Client credentials: your client_id and client_secret.",
                        Flows = new OpenApiOAuthFlows
                        {
                            ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri("/api/accounts/token", UriKind.Relative), Scopes = new Dictionary<string, string>() },
                        },
                    },
                    ["bearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An access token (JWT) or your client_secret." },
                    ["basic"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "basic", Description = "client_id:client_secret." },
                    ["cookie"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "access_token", Description = "Set by /api/accounts/login." },
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security = [.. Schemes.Select(scheme => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] })];
                }
                return Task.CompletedTask;
            });
        });
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
            options.EnablePersistAuthorization();
        });
        return app;
    }
}
