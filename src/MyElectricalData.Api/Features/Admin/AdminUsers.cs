using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Accounts;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Admin;

/// <summary>Account administration. Never exposes secrets or meter data: counts and flags only.</summary>
public static class AdminUsers
{
    public sealed record UsageDto(long CachedRequests, long NoCacheRequests);

    public sealed record AdminUserDto(Guid Id, string Email, string ClientId, bool IsActive, bool EmailVerified, bool IsAdmin, bool DebugMode,
        DateTimeOffset CreatedAt, RoleDto? Role, int PdlCount, UsageDto UsageToday)
    {
        public static AdminUserDto From(User user, int pdlCount, UsageToday usage, SecurityOptions security) => new(user.Id, user.Email, user.ClientId,
            user.IsActive, user.EmailVerified, CurrentUser.IsAdmin(user, security), user.DebugMode, user.CreatedAt, RoleDto.From(user.Role), pdlCount,
            new UsageDto(usage.CachedRequests, usage.NoCacheRequests));
    }

    public sealed record UserStats(int TotalUsers, int ActiveUsers, int VerifiedUsers, int AdminUsers, int NewUsersLast7Days);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/users", ListAsync).WithName("AdminListUsers").WithSummary("Every account with its PDL count and today's usage.")
            .RequirePermission("users");
        group.MapGet("/users/stats", StatsAsync).WithName("AdminUserStats").WithSummary("Account counts.")
            .RequirePermission("admin_dashboard");
        group.MapPost("/users/{id:guid}/reset-quota", ResetQuotaAsync).WithName("AdminResetQuota").WithSummary("Reset today's counters of a user.")
            .RequirePermission("users.edit");
        group.MapDelete("/users/{id:guid}/clear-cache", ClearCacheAsync).WithName("AdminClearCache").WithSummary("Purge a user's cached data.")
            .RequirePermission("users.edit");
        group.MapPost("/users/{id:guid}/toggle-status", ToggleStatusAsync).WithName("AdminToggleStatus").WithSummary("Activate or deactivate an account.")
            .RequirePermission("users.edit");
        group.MapPost("/users/{id:guid}/toggle-debug", ToggleDebugAsync).WithName("AdminToggleDebug").WithSummary("Switch a user's debug mode.")
            .RequirePermission("users.edit");
        group.MapDelete("/users/{id:guid}", DeleteAsync).WithName("AdminDeleteUser").WithSummary("Delete an account (not one's own).")
            .RequirePermission("users.delete");
    }

    private static async Task<Ok<ApiResponse<List<AdminUserDto>>>> ListAsync(
        GatewayDbContext db, UsageCounters counters, IOptions<SecurityOptions> security, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().Include(u => u.Role).ThenInclude(r => r!.Permissions)
            .OrderBy(u => u.CreatedAt).ToListAsync(cancellationToken);
        var pdlCounts = await db.Pdls.GroupBy(p => p.UserId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var usage = await counters.GetManyAsync([.. users.Select(u => u.Id)]);
        return Envelope.Ok(users.Select(u => AdminUserDto.From(u, pdlCounts.GetValueOrDefault(u.Id), usage[u.Id], security.Value)).ToList());
    }

    private static async Task<Ok<ApiResponse<UserStats>>> StatsAsync(GatewayDbContext db, TimeProvider time, IOptions<SecurityOptions> security,
        CancellationToken cancellationToken)
    {
        var weekAgo = time.GetUtcNow().AddDays(-7);
        var adminRole = SeedRoles.IdOf(SeedRoles.Admin);
        var adminEmails = security.Value.AdminEmails.ToList();
        return Envelope.Ok(new UserStats(
            await db.Users.CountAsync(cancellationToken),
            await db.Users.CountAsync(u => u.IsActive, cancellationToken),
            await db.Users.CountAsync(u => u.EmailVerified, cancellationToken),
            await db.Users.CountAsync(u => u.RoleId == adminRole || adminEmails.Contains(u.Email), cancellationToken),
            await db.Users.CountAsync(u => u.CreatedAt >= weekAgo, cancellationToken)));
    }

    private static async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ResetQuotaAsync(
        Guid id, GatewayDbContext db, UsageCounters counters, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == id, cancellationToken))
        {
            return UserNotFound();
        }
        await counters.ResetAsync(id);
        return Envelope.Ok(new MessageResponse("Quotas du jour remis à zéro."));
    }

    private static async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ClearCacheAsync(
        Guid id, GatewayDbContext db, MeterCache cache, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == id, cancellationToken))
        {
            return UserNotFound();
        }
        var usagePoints = await db.Pdls.Where(p => p.UserId == id).Select(p => p.UsagePointId).ToListAsync(cancellationToken);
        var deleted = await cache.ForgetUsagePointsAsync(usagePoints);
        return Envelope.Ok(new MessageResponse($"{deleted} clé(s) de cache supprimée(s)."));
    }

    private static Task<Results<Ok<ApiResponse<AdminUserDto>>, ApiError>> ToggleStatusAsync(Guid id, ClaimsPrincipal principal, GatewayDbContext db,
        UsageCounters counters, IOptions<SecurityOptions> security, TimeProvider time, AuthenticatedUserCache remembered, CancellationToken cancellationToken) =>
        id == principal.Id()
            ? Task.FromResult<Results<Ok<ApiResponse<AdminUserDto>>, ApiError>>(ApiError.Forbidden("Vous ne pouvez pas désactiver votre propre compte."))
            : ToggleAsync(id, db, counters, security, time, remembered, u =>
            {
                u.IsActive = !u.IsActive;
                if (!u.IsActive)
                {
                    // Reactivating later must not bring back the sessions that were open when it was deactivated.
                    u.RevokeSessions();
                }
            }, cancellationToken);

    private static Task<Results<Ok<ApiResponse<AdminUserDto>>, ApiError>> ToggleDebugAsync(Guid id, GatewayDbContext db,
        UsageCounters counters, IOptions<SecurityOptions> security, TimeProvider time, AuthenticatedUserCache remembered, CancellationToken cancellationToken) =>
        ToggleAsync(id, db, counters, security, time, remembered, u => u.DebugMode = !u.DebugMode, cancellationToken);

    private static async Task<Results<Ok<ApiResponse<AdminUserDto>>, ApiError>> ToggleAsync(Guid id, GatewayDbContext db, UsageCounters counters,
        IOptions<SecurityOptions> security, TimeProvider time, AuthenticatedUserCache remembered, Action<User> toggle, CancellationToken cancellationToken)
    {
        var user = await db.Users.Include(u => u.Role).ThenInclude(r => r!.Permissions).SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return UserNotFound();
        }
        toggle(user);
        user.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        // A deactivated account must be refused at once, on every replica.
        await remembered.InvalidateAsync(id);
        var pdlCount = await db.Pdls.CountAsync(p => p.UserId == id, cancellationToken);
        return Envelope.Ok(AdminUserDto.From(user, pdlCount, await counters.GetAsync(id), security.Value));
    }

    private static async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> DeleteAsync(
        Guid id, ClaimsPrincipal principal, AccountDeletion deletion, CancellationToken cancellationToken)
    {
        if (id == principal.Id())
        {
            return ApiError.Forbidden("Vous ne pouvez pas supprimer votre propre compte depuis l'administration.");
        }
        return await deletion.DeleteAsync(id, cancellationToken)
            ? Envelope.Ok(new MessageResponse("Compte supprimé."))
            : UserNotFound();
    }

    internal static ApiError UserNotFound() => ApiError.NotFound(ErrorCodes.NotFound, "Utilisateur introuvable.");
}

public static class AdminStats
{
    public sealed record TopUser(Guid Id, string Email, long CachedRequests, long NoCacheRequests);

    public sealed record Stats(int Users, int ActiveUsers, int Pdls, int ActivePdls, DateOnly Date, long CachedRequestsToday, long NoCacheRequestsToday,
        IReadOnlyList<TopUser> TopUsers);

    public static void Map(RouteGroupBuilder group) => group.MapGet("/stats", HandleAsync)
        .WithName("AdminStats").WithSummary("Gateway-wide counts and today's usage.").RequirePermission("admin_dashboard");

    private static async Task<Ok<ApiResponse<Stats>>> HandleAsync(GatewayDbContext db, UsageCounters counters, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken);
        var usage = await counters.GetManyAsync([.. users.Select(u => u.Id)]);
        var top = users
            .Select(u => new TopUser(u.Id, u.Email, usage[u.Id].CachedRequests, usage[u.Id].NoCacheRequests))
            .Where(u => u.CachedRequests + u.NoCacheRequests > 0)
            .OrderByDescending(u => u.NoCacheRequests).ThenByDescending(u => u.CachedRequests).Take(10).ToList();
        return Envelope.Ok(new Stats(
            users.Count,
            await db.Users.CountAsync(u => u.IsActive, cancellationToken),
            await db.Pdls.CountAsync(cancellationToken),
            await db.Pdls.CountAsync(p => p.IsActive, cancellationToken),
            counters.Today,
            usage.Values.Sum(u => u.CachedRequests),
            usage.Values.Sum(u => u.NoCacheRequests),
            top));
    }
}
