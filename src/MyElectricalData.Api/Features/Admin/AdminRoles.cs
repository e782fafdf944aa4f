using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Accounts;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

/// <summary>Roles and their permissions. The seeded (system) roles are immutable.</summary>
public static partial class AdminRoles
{
    public sealed record RoleWithUsers(Guid Id, string Name, string DisplayName, string? Description, bool IsSystem,
        IReadOnlyList<PermissionDto> Permissions, int UserCount);

    public sealed record CreateRequest(string? Name, string? DisplayName, string? Description, List<Guid>? PermissionIds);

    public sealed record UpdateRequest(string? DisplayName, string? Description);

    public sealed record PermissionsRequest(List<Guid>? PermissionIds);

    public sealed record AssignRequest(Guid? RoleId);

    public static void Map(RouteGroupBuilder roles)
    {
        roles.MapGet("", ListAsync).WithName("AdminListRoles").WithSummary("Every role with its permissions and user count.").RequirePermission("roles");
        roles.MapPost("", CreateAsync).WithName("AdminCreateRole").WithSummary("Create a role.").RequirePermission("roles");
        roles.MapGet("/permissions", PermissionsAsync).WithName("AdminListPermissions").WithSummary("Every permission.").RequirePermission("roles");
        roles.MapGet("/{id:guid}", GetAsync).WithName("AdminGetRole").WithSummary("One role.").RequirePermission("roles");
        roles.MapPatch("/{id:guid}", UpdateAsync).WithName("AdminUpdateRole").WithSummary("Rename or describe a role (not a system role).").RequirePermission("roles");
        roles.MapDelete("/{id:guid}", DeleteAsync).WithName("AdminDeleteRole").WithSummary("Delete a role (not a system role); its users become visitors.").RequirePermission("roles");
        roles.MapPut("/{id:guid}/permissions", SetPermissionsAsync).WithName("AdminSetRolePermissions").WithSummary("Replace a role's permissions (not a system role).").RequirePermission("roles");
        roles.MapPut("/users/{userId:guid}/role", AssignAsync).WithName("AdminAssignRole").WithSummary("Give a user a role.").RequirePermission("roles");
    }

    private static async Task<Ok<ApiResponse<List<RoleWithUsers>>>> ListAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        var roles = await db.Roles.AsNoTracking().Include(r => r.Permissions).OrderBy(r => r.Name).ToListAsync(cancellationToken);
        var counts = await db.Users.Where(u => u.RoleId != null).GroupBy(u => u.RoleId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key!.Value, x => x.Count, cancellationToken);
        return Envelope.Ok(roles.Select(r => WithUsers(r, counts.GetValueOrDefault(r.Id))).ToList());
    }

    private static async Task<Ok<ApiResponse<List<PermissionDto>>>> PermissionsAsync(GatewayDbContext db, CancellationToken cancellationToken) =>
        Envelope.Ok(await db.Permissions.AsNoTracking().OrderBy(p => p.Name)
            .Select(p => new PermissionDto(p.Id, p.Name, p.DisplayName, p.Resource)).ToListAsync(cancellationToken));

    private static async Task<Results<Ok<ApiResponse<RoleWithUsers>>, ApiError>> GetAsync(Guid id, GatewayDbContext db, CancellationToken cancellationToken)
    {
        var role = await db.Roles.AsNoTracking().Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return role is null ? RoleNotFound() : Envelope.Ok(WithUsers(role, await db.Users.CountAsync(u => u.RoleId == id, cancellationToken)));
    }

    private static async Task<Results<Created<ApiResponse<RoleWithUsers>>, ApiError>> CreateAsync(
        CreateRequest request, GatewayDbContext db, CancellationToken cancellationToken)
    {
        if (request.Name is null || !RoleName().IsMatch(request.Name))
        {
            return ApiError.Validation("name", "Le nom d'un rôle : 2 à 50 caractères parmi a-z, 0-9, '_' et '-'.");
        }
        if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > 100)
        {
            return ApiError.Validation("display_name", "Le libellé est requis (100 caractères au plus).");
        }
        if (request.Description is { Length: > 500 })
        {
            return ApiError.Validation("description", "La description ne doit pas dépasser 500 caractères.");
        }
        if (await db.Roles.AnyAsync(r => r.Name == request.Name, cancellationToken))
        {
            return ApiError.Conflict(ErrorCodes.Conflict, "Un rôle porte déjà ce nom.", "name");
        }
        var (permissions, invalid) = await ResolvePermissionsAsync(db, request.PermissionIds, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        var role = new Role { Id = Guid.CreateVersion7(), Name = request.Name, DisplayName = request.DisplayName.Trim(), Description = request.Description, Permissions = permissions };
        db.Roles.Add(role);
        await db.SaveChangesAsync(cancellationToken);
        return Envelope.Created($"/api/admin/roles/{role.Id}", WithUsers(role, 0));
    }

    private static async Task<Results<Ok<ApiResponse<RoleWithUsers>>, ApiError>> UpdateAsync(
        Guid id, UpdateRequest request, GatewayDbContext db, AuthenticatedUserCache remembered, CancellationToken cancellationToken)
    {
        var role = await db.Roles.Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (role is null)
        {
            return RoleNotFound();
        }
        if (role.IsSystem)
        {
            return SystemRole();
        }
        if (request.DisplayName is { } displayName && (string.IsNullOrWhiteSpace(displayName) || displayName.Length > 100))
        {
            return ApiError.Validation("display_name", "Le libellé ne peut pas être vide (100 caractères au plus).");
        }
        if (request.Description is { Length: > 500 })
        {
            return ApiError.Validation("description", "La description ne doit pas dépasser 500 caractères.");
        }
        role.DisplayName = request.DisplayName?.Trim() ?? role.DisplayName;
        role.Description = request.Description ?? role.Description;
        await db.SaveChangesAsync(cancellationToken);
        await remembered.InvalidateAllAsync();
        return Envelope.Ok(WithUsers(role, await db.Users.CountAsync(u => u.RoleId == id, cancellationToken)));
    }

    private static async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> DeleteAsync(Guid id, GatewayDbContext db, AuthenticatedUserCache remembered,
        CancellationToken cancellationToken)
    {
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (role is null)
        {
            return RoleNotFound();
        }
        if (role.IsSystem)
        {
            return SystemRole();
        }
        var visitor = SeedRoles.IdOf(SeedRoles.Visitor);
        await db.Users.Where(u => u.RoleId == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.RoleId, visitor), cancellationToken);
        db.Roles.Remove(role);
        await db.SaveChangesAsync(cancellationToken);
        // Its users' permissions changed: forget every remembered authentication, here and on the other replicas.
        await remembered.InvalidateAllAsync();
        return Envelope.Ok(new MessageResponse("Rôle supprimé ; ses utilisateurs sont désormais visiteurs."));
    }

    private static async Task<Results<Ok<ApiResponse<RoleWithUsers>>, ApiError>> SetPermissionsAsync(
        Guid id, PermissionsRequest request, GatewayDbContext db, AuthenticatedUserCache remembered, CancellationToken cancellationToken)
    {
        var role = await db.Roles.Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (role is null)
        {
            return RoleNotFound();
        }
        if (role.IsSystem)
        {
            return SystemRole();
        }
        if (request.PermissionIds is null)
        {
            return ApiError.Validation("permission_ids", "permission_ids (liste d'identifiants) est requis.");
        }
        var (permissions, invalid) = await ResolvePermissionsAsync(db, request.PermissionIds, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        role.Permissions.Clear();
        role.Permissions.AddRange(permissions);
        await db.SaveChangesAsync(cancellationToken);
        await remembered.InvalidateAllAsync();
        return Envelope.Ok(WithUsers(role, await db.Users.CountAsync(u => u.RoleId == id, cancellationToken)));
    }

    private static async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> AssignAsync(
        Guid userId, AssignRequest request, GatewayDbContext db, AuthenticatedUserCache remembered, CancellationToken cancellationToken)
    {
        if (request.RoleId is not { } roleId)
        {
            return ApiError.Validation("role_id", "role_id est requis.");
        }
        if (!await db.Roles.AnyAsync(r => r.Id == roleId, cancellationToken))
        {
            return RoleNotFound();
        }
        var updated = await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.RoleId, roleId), cancellationToken);
        await remembered.InvalidateAsync(userId);
        return updated == 0 ? AdminUsers.UserNotFound() : Envelope.Ok(new MessageResponse("Rôle attribué."));
    }

    private static async Task<(List<Permission> Permissions, ApiError? Invalid)> ResolvePermissionsAsync(
        GatewayDbContext db, List<Guid>? ids, CancellationToken cancellationToken)
    {
        if (ids is null || ids.Count == 0)
        {
            return ([], null);
        }
        var distinct = ids.Distinct().ToList();
        var permissions = await db.Permissions.Where(p => distinct.Contains(p.Id)).ToListAsync(cancellationToken);
        return permissions.Count == distinct.Count
            ? (permissions, null)
            : ([], ApiError.Validation("permission_ids", "Permission inconnue."));
    }

    private static RoleWithUsers WithUsers(Role role, int users) => new(role.Id, role.Name, role.DisplayName, role.Description, role.IsSystem,
        [.. role.Permissions.OrderBy(p => p.Name).Select(p => new PermissionDto(p.Id, p.Name, p.DisplayName, p.Resource))], users);

    private static ApiError RoleNotFound() => ApiError.NotFound(ErrorCodes.NotFound, "Rôle introuvable.");

    private static ApiError SystemRole() => ApiError.Forbidden("Les rôles système (admin, moderator, visitor) ne sont pas modifiables.");

    [GeneratedRegex(@"^[a-z0-9_-]{2,50}\z")]
    private static partial Regex RoleName();
}
