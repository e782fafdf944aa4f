using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Accounts;

public static class Login
{
    public sealed record Request(string? Email, string? Password);

    public sealed record Response(string Message, string AccessToken, string TokenType, long ExpiresIn);

    public static void Map(RouteGroupBuilder group) => group.MapPost("/login", HandleAsync)
        .WithName("Login").WithSummary("Log in with email and password; sets the access_token cookie.");

    public static async Task<Results<Ok<ApiResponse<Response>>, ApiError>> HandleAsync(
        Request request, HttpContext http, GatewayDbContext db, PasswordCheck passwords, JwtTokens jwt,
        LoginThrottle throttle, IOptions<SecurityOptions> security, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            return ApiError.Validation("email", "L'adresse e-mail est requise.");
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            return ApiError.Validation("password", "Le mot de passe est requis.");
        }
        var email = AccountRules.NormalizeEmail(request.Email);
        var address = http.Connection.RemoteIpAddress?.ToString();
        if (await throttle.TryBeginAsync(email, address) is { } refused)
        {
            return refused;
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (!passwords.Verify(user, request.Password))
        {
            await throttle.FailedAsync(email, address);
            return ApiError.Unauthorized(ErrorCodes.InvalidCredentials, "Adresse e-mail ou mot de passe incorrect.");
        }
        await throttle.SucceededAsync(email, address);
        if (!user.IsActive)
        {
            return ApiError.Forbidden("Ce compte est désactivé.", ErrorCodes.UserInactive);
        }
        if (security.Value.RequireEmailVerification && !user.EmailVerified)
        {
            return ApiError.Forbidden("Confirmez d'abord votre adresse e-mail (lien reçu par e-mail).", ErrorCodes.AccessDenied);
        }

        var token = jwt.Issue(user);
        AuthCookie.Set(http, token, jwt.Lifetime, security.Value);
        return Envelope.Ok(new Response("Connexion réussie.", token, "bearer", (long)jwt.Lifetime.TotalSeconds));
    }
}

public static class Logout
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/logout", Handle)
        .WithName("Logout").WithSummary("Log out everywhere: clear the access_token cookie and end every session and token of the account.");

    public static async Task<Ok<ApiResponse<MessageResponse>>> Handle(HttpContext http, IOptions<SecurityOptions> security, GatewayDbContext db,
        Sessions sessions, CancellationToken cancellationToken)
    {
        AuthCookie.Clear(http, security.Value);
        // "All sessions": a stolen token or a forgotten browser ends with this one. The demo account's sessions are shared by
        // everyone who tries it, so one visitor's logout does not end the others'.
        if (http.User.Identity?.IsAuthenticated == true && !http.User.IsDemo()
            && await db.Users.SingleOrDefaultAsync(u => u.Id == http.User.Id(), cancellationToken) is { } user)
        {
            await sessions.RevokeAllAsync(db, user, renewCookieOf: null, cancellationToken);
        }
        return Envelope.Ok(new MessageResponse("Déconnexion réussie."));
    }
}

/// <summary>The httpOnly session cookie: one place for its flags.</summary>
public static class AuthCookie
{
    public static void Set(HttpContext http, string token, TimeSpan lifetime, SecurityOptions security) =>
        http.Response.Cookies.Append(GatewayAuthenticationHandler.CookieName, token, Options(security, lifetime));

    public static void Clear(HttpContext http, SecurityOptions security) =>
        http.Response.Cookies.Delete(GatewayAuthenticationHandler.CookieName, Options(security, null));

    private static CookieOptions Options(SecurityOptions security, TimeSpan? lifetime) => new()
    {
        HttpOnly = true,
        Secure = security.CookieSecure,
        SameSite = security.CookieSameSite,
        Domain = security.CookieDomain,
        Path = "/",
        MaxAge = lifetime,
        IsEssential = true,
    };
}
