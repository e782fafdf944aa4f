using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;

namespace MyElectricalData.Api.Features.Auth;

public static class AuthRegistration
{
    public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewaySecurityOptionsSetup>();
        builder.Services.AddSingleton<IConfigureOptions<GatewaySecurityOptions>>(sp => sp.GetRequiredService<GatewaySecurityOptionsSetup>());
        builder.Services.AddSingleton<IValidateOptions<GatewaySecurityOptions>>(sp => sp.GetRequiredService<GatewaySecurityOptionsSetup>());
        builder.Services.AddOptions<GatewaySecurityOptions>().ValidateOnStart();
        builder.AddSecretProtector(generateOutsideProduction: true);
        builder.Services.AddSingleton<JwtTokens>();
        builder.Services.AddSingleton<Sessions>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddScoped<ClientCredentials>();
        builder.Services.AddSingleton(sp => new AuthenticatedUserCache(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>()));
        builder.Services.AddHostedService<AuthenticatedUserCacheListener>();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<PasswordCheck>();

        builder.Services.AddAuthentication(GatewayAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, GatewayAuthenticationHandler>(GatewayAuthenticationHandler.SchemeName, null);
        // Permissions are checked per endpoint (FastEndpoints' Permissions(), on the "perm" claims of CurrentUser).
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>The demo account may look at everything and change nothing (SPEC §8).</summary>
    public static IApplicationBuilder UseDemoReadOnly(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var method = context.Request.Method;
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
        var path = context.Request.Path;
        var sessionRoute = path.StartsWithSegments("/api/accounts/login") || path.StartsWithSegments("/api/accounts/logout") || path.StartsWithSegments("/api/accounts/token");
        if (!safe && !sessionRoute && context.User.IsDemo())
        {
            await ErrorResponses.WriteAsync(context, ApiError.Forbidden("Le compte de démonstration est en lecture seule : créez votre compte pour modifier des données."));
            return;
        }
        await next(context);
    });
}
