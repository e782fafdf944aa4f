using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.Data.Redis;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Accounts;

public sealed record PermissionDto(Guid Id, string Name, string DisplayName, string Resource);

public sealed record RoleDto(Guid Id, string Name, string DisplayName, string? Description, bool IsSystem, IReadOnlyList<PermissionDto> Permissions)
{
    public static RoleDto? From(Role? role) => role is null ? null
        : new RoleDto(role.Id, role.Name, role.DisplayName, role.Description, role.IsSystem,
            [.. role.Permissions.OrderBy(p => p.Name).Select(p => new PermissionDto(p.Id, p.Name, p.DisplayName, p.Resource))]);
}

public sealed record UserProfile(Guid Id, string Email, string ClientId, bool IsActive, bool EmailVerified, DateTimeOffset CreatedAt,
    bool IsAdmin, bool DebugMode, RoleDto? Role)
{
    public static UserProfile From(User user, SecurityOptions security) => new(user.Id, user.Email, user.ClientId, user.IsActive,
        user.EmailVerified, user.CreatedAt, CurrentUser.IsAdmin(user, security), user.DebugMode, RoleDto.From(user.Role));
}

public static class GetMe
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/me", HandleAsync)
        .WithName("GetMe").WithSummary("The authenticated user's account, role and permissions.");

    public static async Task<Results<Ok<ApiResponse<UserProfile>>, ApiError>> HandleAsync(
        ClaimsPrincipal principal, GatewayDbContext db, IOptions<SecurityOptions> security, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.Role).ThenInclude(r => r!.Permissions)
            .SingleAsync(u => u.Id == principal.Id(), cancellationToken);
        return Envelope.Ok(UserProfile.From(user, security.Value));
    }
}

public static class GetCredentials
{
    public sealed record Response(string ClientId, string ClientSecret);

    public static void Map(RouteGroupBuilder group) => group.MapGet("/credentials", HandleAsync)
        .WithName("GetCredentials").WithSummary("The API credentials (the secret is decrypted for its owner only).");

    public static async Task<Results<Ok<ApiResponse<Response>>, ApiError>> HandleAsync(
        ClaimsPrincipal principal, HttpContext http, GatewayDbContext db, SecretProtector secrets, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == principal.Id(), cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return Envelope.Ok(new Response(user.ClientId, secrets.Decrypt(user.ClientSecretEncrypted, user.Id)));
    }
}

public static class RegenerateSecret
{
    public sealed record Response(string ClientId, string ClientSecret, string Message);

    public static void Map(RouteGroupBuilder group) => group.MapPost("/regenerate-secret", HandleAsync)
        .WithName("RegenerateSecret").WithSummary("Issue a new client_secret; the old one stops working at once and the cache is purged.");

    public static async Task<Results<Ok<ApiResponse<Response>>, ApiError>> HandleAsync(
        ClaimsPrincipal principal, HttpContext http, GatewayDbContext db, SecretProtector secrets, MeterCache cache, TimeProvider time,
        Sessions sessions, CancellationToken cancellationToken)
    {
        var user = await db.Users.Include(u => u.Pdls).SingleAsync(u => u.Id == principal.Id(), cancellationToken);
        var secret = SecretProtector.NewClientSecret();
        user.ClientSecretHash = secrets.HashSecret(secret);
        user.ClientSecretEncrypted = secrets.Encrypt(secret, user.Id);
        user.UpdatedAt = time.GetUtcNow();
        // The old secret, and every token minted while it was valid, must stop working on every replica now; this browser
        // keeps a fresh session.
        await sessions.RevokeAllAsync(db, user, http, cancellationToken);
        // The cache was encrypted with a key derived from the old secret: it is unreadable now anyway.
        await cache.ForgetUsagePointsAsync(user.Pdls.Select(p => p.UsagePointId));
        http.Response.Headers.CacheControl = "no-store";
        return Envelope.Ok(new Response(user.ClientId, secret, "Nouveau secret généré ; l'ancien ne fonctionne plus."));
    }
}

public static class DeleteMe
{
    public static void Map(RouteGroupBuilder group) => group.MapDelete("/me", HandleAsync)
        .WithName("DeleteMe").WithSummary("Delete the account irreversibly: PDLs, consents, tokens, cache and counters.");

    public static async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> HandleAsync(
        ClaimsPrincipal principal, HttpContext http, AccountDeletion deletion, IOptions<SecurityOptions> security, CancellationToken cancellationToken)
    {
        await deletion.DeleteAsync(principal.Id(), cancellationToken);
        AuthCookie.Clear(http, security.Value);
        return Envelope.Ok(new MessageResponse("Compte supprimé définitivement."));
    }
}

/// <summary>Deleting a user: every row (cascading from users) and every Redis key of theirs.</summary>
public sealed class AccountDeletion(GatewayDbContext db, MeterCache cache, QuotaCounters quotas, AuthenticatedUserCache remembered, Consent.ConsentBinding consents)
{
    public async Task<bool> DeleteAsync(Guid userId, CancellationToken cancellationToken)
    {
        var usagePoints = await db.Pdls.Where(p => p.UserId == userId).Select(p => p.UsagePointId).ToListAsync(cancellationToken);
        await consents.EndAllAsync(userId, cancellationToken);
        var deleted = await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(cancellationToken);
        await remembered.InvalidateAsync(userId);
        await cache.ForgetUsagePointsAsync(usagePoints);
        await quotas.ForgetUserAsync(userId);
        return deleted > 0;
    }
}

public static class GetUsageStats
{
    public sealed record Response(long CachedRequests, long NoCacheRequests, int CachedLimit, int NoCacheLimit, DateOnly Date);

    public static void Map(RouteGroupBuilder group) => group.MapGet("/usage-stats", HandleAsync)
        .WithName("GetUsageStats").WithSummary("Today's request counts against the daily quotas (UTC day).");

    public static async Task<Ok<ApiResponse<Response>>> HandleAsync(ClaimsPrincipal principal, UsageCounters counters, IOptions<QuotaOptions> quotas)
    {
        var usage = await counters.GetAsync(principal.Id());
        return Envelope.Ok(new Response(usage.CachedRequests, usage.NoCacheRequests, quotas.Value.CachedLimit, quotas.Value.NoCacheLimit, usage.Date));
    }
}
