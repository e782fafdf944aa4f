using FastEndpoints;
using FastEndpoints.Swagger;
using MyElectricalData.Api.Features.Auth;
using NSwag;

namespace MyElectricalData.Api.Infrastructure;

/// <summary>
/// Every /api and legacy route is a FastEndpoints endpoint class under <c>Features/&lt;Area&gt;/</c>; this is where they are
/// discovered, how they bind and validate (the API's JSON options, errors through <see cref="ErrorResponses"/>), and their
/// OpenAPI document (<c>/openapi/v1.json</c>, from FastEndpoints.Swagger) with Swagger UI at <c>/docs</c>.
/// </summary>
public static class ApiEndpoints
{
    public const string DocumentName = "v1";

    public static IHostApplicationBuilder AddApiEndpoints(this IHostApplicationBuilder builder)
    {
        builder.Services.AddFastEndpoints();
        builder.Services.SwaggerDocument(options =>
        {
            // Tags come from each area's group, operation ids from each endpoint's name.
            options.AutoTagPathSegmentIndex = 0;
            options.ShortSchemaNames = true;
            options.RemoveEmptyRequestSchema = true;
            options.ExcludeNonFastEndpoints = true;
            options.EnableJWTBearerAuth = false;
            options.DocumentSettings = document =>
            {
                document.DocumentName = DocumentName;
                document.Title = "MyElectricalData gateway";
                document.Version = "v1";
                document.Description = "Your own Linky data from Enedis Data Connect, through the MyElectricalData gateway. " +
                    "Authenticate with your client_id/client_secret (OAuth2 client credentials, Basic, or the secret as a bearer token).";
                // Every protected operation lists the four ways to authenticate; Swagger UI can sign in with client credentials.
                document.AddAuth("oauth2", new OpenApiSecurityScheme
                {
                    Type = OpenApiSecuritySchemeType.OAuth2,
                    Description = "Client credentials: your client_id and client_secret.",
                    Flows = new OpenApiOAuthFlows
                    {
                        ClientCredentials = new OpenApiOAuthFlow { TokenUrl = "/api/accounts/token", Scopes = new Dictionary<string, string>() },
                    },
                });
                document.AddAuth("bearer", new OpenApiSecurityScheme { Type = OpenApiSecuritySchemeType.Http, Scheme = "bearer", Description = "An access token (JWT) or your client_secret." });
                document.AddAuth("basic", new OpenApiSecurityScheme { Type = OpenApiSecuritySchemeType.Http, Scheme = "basic", Description = "client_id:client_secret." });
                document.AddAuth("cookie", new OpenApiSecurityScheme
                {
                    Type = OpenApiSecuritySchemeType.ApiKey,
                    In = OpenApiSecurityApiKeyLocation.Cookie,
                    Name = GatewayAuthenticationHandler.CookieName,
                    Description = "Set by /api/accounts/login.",
                });
            };
        });
        return builder;
    }

    public static WebApplication MapApiEndpoints(this WebApplication app)
    {
        app.UseFastEndpoints(config =>
        {
            ApiJson.Configure(config.Serializer.Options);
            config.Security.PermissionsClaimType = CurrentUser.PermissionClaim;
            // Route and query values bind by their snake_case names (usage_point_id, use_cache), as JSON bodies do.
            config.Binding.UsePropertyNamingPolicy = true;
            config.Validation.UsePropertyNamingPolicy = true;
            // Validation and binding failures leave through the one error mapping: the envelope on /api, the declared body
            // (legacy v1, OAuth2) elsewhere.
            config.Errors.ContentType = "application/json";
            config.Errors.GeneralErrorsField = ErrorResponses.GeneralErrors;
            config.Serializer.SerializerErrorsField = ErrorResponses.GeneralErrors;
            config.Errors.ProducesMetadataType = typeof(ApiResponse<object>);
            config.Errors.ResponseBuilder = ErrorResponses.FromValidationFailures;
            config.Binding.JsonExceptionTransformer = ErrorResponses.FromJsonException;
            config.Binding.FailureMessage = (_, name, _) => $"Valeur invalide pour '{name}'.";
        });
        app.UseOpenApi(settings => settings.Path = "/openapi/{documentName}.json");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.SwaggerEndpoint($"/openapi/{DocumentName}.json", "MyElectricalData gateway v1");
            options.DocumentTitle = "MyElectricalData gateway - API";
            options.EnablePersistAuthorization();
        });
        return app;
    }
}
