using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

public sealed class AssignRoleRequest
{
    [BindFrom("userId")]
    public Guid UserId { get; init; }

    public Guid? RoleId { get; init; }
}

public sealed class AssignRoleValidator : Validator<AssignRoleRequest>
{
    public AssignRoleValidator() => RuleFor(r => r.RoleId).NotNull().WithMessage("role_id est requis.");
}

public sealed class AdminAssignRole(GatewayDbContext db, AuthenticatedUserCache remembered) : Endpoint<AssignRoleRequest, Results<Ok<ApiResponse<MessageResponse>>, ApiError>>
{
    public override void Configure()
    {
        Put("/roles/users/{userId:guid}/role");
        Group<RolesGroup>();
        Permissions("roles");
        Description(b => b.WithName("AdminAssignRole"));
        Summary(s => s.Summary = "Give a user a role.");
    }

    public override async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ExecuteAsync(AssignRoleRequest request, CancellationToken ct)
    {
        var roleId = request.RoleId!.Value;
        if (!await db.Roles.AnyAsync(r => r.Id == roleId, ct))
        {
            return RoleRules.NotFound();
        }
        var updated = await db.Users.Where(u => u.Id == request.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.RoleId, roleId), ct);
        await remembered.InvalidateAsync(request.UserId);
        return updated == 0 ? AdminUserDto.NotFound() : Envelope.Ok(new MessageResponse("Rôle attribué."));
    }
}
