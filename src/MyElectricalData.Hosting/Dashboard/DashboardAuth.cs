using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MyElectricalData.Hosting.Dashboard;

/// <summary>
/// The dashboard shows every service's logs and traces, so other users of the machine must not read it: a
/// random token printed once in the start-up URL (<c>?t=</c>) is exchanged for an httpOnly cookie, and every
/// request needs that cookie (or the token). State-changing requests also need a custom header, which a page
/// from another origin cannot send without a CORS preflight the dashboard never answers; the Host header must
/// be the loopback address, which defeats DNS rebinding.
/// </summary>
internal sealed class DashboardAuth(int port)
{
    public const string CommandHeader = "X-Dashboard-Command";

    private readonly byte[] _token = Encoding.ASCII.GetBytes(Base64Url(RandomNumberGenerator.GetBytes(32)));

    public string Token => Encoding.ASCII.GetString(_token);

    // Cookies are per host, not per port: two AppHosts side by side must not overwrite each other's.
    private string CookieName => $"apphost_dashboard_{port}";

    public void Use(WebApplication app) => app.Use(async (http, next) =>
    {
        var host = http.Request.Host;
        if (host.Port != port || host.Host is not ("127.0.0.1" or "localhost"))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (http.Request.Query["t"] is [{ } offered] && Matches(offered))
        {
            http.Response.Cookies.Append(CookieName, Token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                IsEssential = true,
            });
            if (HttpMethods.IsGet(http.Request.Method) && !http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                // Drops the token from the address bar and the browser history.
                http.Response.Redirect(http.Request.PathBase + http.Request.Path);
                return;
            }
            await next(http);
            return;
        }
        var presented = http.Request.Cookies[CookieName] ?? BearerToken(http.Request);
        if (presented is null || !Matches(presented))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("Open the dashboard with the URL the AppHost printed at start-up (it carries the access token).");
            return;
        }
        if (!HttpMethods.IsGet(http.Request.Method) && !http.Request.Headers.ContainsKey(CommandHeader))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        await next(http);
    });

    private bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), _token);

    private static string? BearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } value && value.StartsWith("Bearer ", StringComparison.Ordinal) ? value["Bearer ".Length..] : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
