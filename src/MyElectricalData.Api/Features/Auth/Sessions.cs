using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Accounts;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Auth;

/// <summary>
/// The one place that ends all of a user's sessions (secret regenerated, password reset or changed, logout): a new
/// security stamp is saved, so every JWT issued before (cookie or bearer, on any replica) is refused, and what the replicas
/// remember of the user is forgotten at once. The browser that asked for the change may keep a fresh session.
/// </summary>
public sealed class Sessions(AuthenticatedUserCache remembered, JwtTokens jwt, IOptions<GatewaySecurityOptions> security)
{
    /// <summary>
    /// Saves <paramref name="user"/> (tracked by <paramref name="db"/>, with any other change the caller made) with a new stamp.
    /// <paramref name="renewCookieOf"/> is the request whose session cookie is replaced by one under the new stamp; null to end it too.
    /// </summary>
    public async Task RevokeAllAsync(GatewayDbContext db, User user, HttpContext? renewCookieOf, CancellationToken cancellationToken)
    {
        user.RevokeSessions();
        await db.SaveChangesAsync(cancellationToken);
        await remembered.InvalidateAsync(user.Id);
        if (renewCookieOf is { } http && http.Request.Cookies.ContainsKey(GatewayAuthenticationHandler.CookieName))
        {
            AuthCookie.Set(http, jwt.Issue(user), jwt.Lifetime, security.Value);
        }
    }
}
