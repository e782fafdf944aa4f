using MyElectricalData.Api.Features.Auth;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary>The httpOnly session cookie: one place for its flags.</summary>
public static class AuthCookie
{
    public static void Set(HttpContext http, string token, TimeSpan lifetime, GatewaySecurityOptions security) =>
        http.Response.Cookies.Append(GatewayAuthenticationHandler.CookieName, token, Options(security, lifetime));

    public static void Clear(HttpContext http, GatewaySecurityOptions security) =>
        http.Response.Cookies.Delete(GatewayAuthenticationHandler.CookieName, Options(security, null));

    private static CookieOptions Options(GatewaySecurityOptions security, TimeSpan? lifetime) => new()
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
