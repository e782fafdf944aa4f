using System.Security.Claims;
using MyElectricalData.Data.Accounts;

namespace MyElectricalData.Api.Features.Auth;

/// <summary>Who is calling, as the authentication handler found them.</summary>
public static class CurrentUser
{
    public const string PermissionClaim = "perm";
    public const string AdminClaim = "admin";
    public const string DemoClaim = "demo";
    public const string DemoEmail = "demo@myelectricaldata.fr";
    public const string EntityKey = "gateway.user";

    /// <summary>The authenticated user's row (read-only), as the authentication handler loaded it.</summary>
    public static User Entity(this HttpContext context) =>
        context.Items[EntityKey] as User ?? throw new InvalidOperationException("No authenticated user on this request.");

    public static ClaimsPrincipal ToPrincipal(User user, GatewaySecurityOptions security, string scheme)
    {
        var isAdmin = IsAdmin(user, security);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Email, user.Email),
            new(AdminClaim, isAdmin ? "true" : "false"),
        };
        if (user.Role is { } role)
        {
            claims.Add(new Claim(ClaimTypes.Role, role.Name));
        }
        var permissions = isAdmin ? SeedRoles.Permissions.Select(p => p.Name) : user.Role?.Permissions.Select(p => p.Name) ?? [];
        claims.AddRange(permissions.Distinct().Select(p => new Claim(PermissionClaim, p)));
        if (user.Email == DemoEmail)
        {
            claims.Add(new Claim(DemoClaim, "true"));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static bool IsAdmin(User user, GatewaySecurityOptions security) => user.Role?.Name == SeedRoles.Admin || security.IsAdminEmail(user.Email);

    public static Guid Id(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not authenticated."));

    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.FindFirstValue(AdminClaim) == "true";

    public static bool IsDemo(this ClaimsPrincipal principal) => principal.HasClaim(DemoClaim, "true");
}
