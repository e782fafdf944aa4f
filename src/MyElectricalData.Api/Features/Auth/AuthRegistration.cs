using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;

namespace MyElectricalData.Api.Features.Auth;

public static class Permissions
{
    public static string PolicyName(string permission) => $"permission:{permission}";
}

public static class AuthRegistration
{
    public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SecurityOptionsSetup>();
        builder.Services.AddSingleton<IConfigureOptions<SecurityOptions>>(sp => sp.GetRequiredService<SecurityOptionsSetup>());
        builder.Services.AddSingleton<IValidateOptions<SecurityOptions>>(sp => sp.GetRequiredService<SecurityOptionsSetup>());
        builder.Services.AddOptions<SecurityOptions>().ValidateOnStart();
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
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var permission in SeedRoles.Permissions)
        {
            authorization.AddPolicy(Permissions.PolicyName(permission.Name), policy => policy.RequireClaim(CurrentUser.PermissionClaim, permission.Name));
        }
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
