using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

public sealed class SetRolePermissionsRequest : RoleRequest
{
    public List<Guid>? PermissionIds { get; init; }
}

public sealed class SetRolePermissionsValidator : Validator<SetRolePermissionsRequest>
{
    public SetRolePermissionsValidator() =>
        RuleFor(r => r.PermissionIds).NotNull().WithMessage("permission_ids (liste d'identifiants) est requis.");
}

public sealed class AdminSetRolePermissions(GatewayDbContext db, AuthenticatedUserCache remembered) : Endpoint<SetRolePermissionsRequest, Results<Ok<ApiResponse<RoleWithUsers>>, ApiError>>
{
    public override void Configure()
    {
        Put("/roles/{id:guid}/permissions");
        Group<RolesGroup>();
        Permissions("roles");
        Description(b => b.WithName("AdminSetRolePermissions"));
        Summary(s => s.Summary = "Replace a role's permissions (not a system role).");
    }

    public override async Task<Results<Ok<ApiResponse<RoleWithUsers>>, ApiError>> ExecuteAsync(SetRolePermissionsRequest request, CancellationToken ct)
    {
        var role = await db.Roles.Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == request.Id, ct);
        if (RoleRules.CannotEdit(role, out var refused))
        {
            return refused;
        }
        var (permissions, invalid) = await RoleRules.ResolvePermissionsAsync(db, request.PermissionIds, ct);
        if (invalid is not null)
        {
            return invalid;
        }
        role.Permissions.Clear();
        role.Permissions.AddRange(permissions);
        await db.SaveChangesAsync(ct);
        await remembered.InvalidateAllAsync();
        return Envelope.Ok(RoleRules.WithUsers(role, await db.Users.CountAsync(u => u.RoleId == request.Id, ct)));
    }
}
