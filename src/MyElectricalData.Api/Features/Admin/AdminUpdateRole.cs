using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

public sealed class UpdateRoleRequest : RoleRequest
{
    public string? DisplayName { get; init; }

    public string? Description { get; init; }
}

public sealed class UpdateRoleValidator : Validator<UpdateRoleRequest>
{
    public UpdateRoleValidator()
    {
        RuleFor(r => r.DisplayName).Must(name => name is null || (!string.IsNullOrWhiteSpace(name) && name.Length <= 100))
            .WithMessage("Le libellé ne peut pas être vide (100 caractères au plus).");
        RuleFor(r => r.Description).MaximumLength(500).WithMessage(RoleRules.DescriptionMessage);
    }
}

public sealed class AdminUpdateRole(GatewayDbContext db, AuthenticatedUserCache remembered) : Endpoint<UpdateRoleRequest, Results<Ok<ApiResponse<RoleWithUsers>>, ApiError>>
{
    public override void Configure()
    {
        Patch("/roles/{id:guid}");
        Group<RolesGroup>();
        Permissions("roles");
        Description(b => b.WithName("AdminUpdateRole"));
        Summary(s => s.Summary = "Rename or describe a role (not a system role).");
    }

    public override async Task<Results<Ok<ApiResponse<RoleWithUsers>>, ApiError>> ExecuteAsync(UpdateRoleRequest request, CancellationToken ct)
    {
        var role = await db.Roles.Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == request.Id, ct);
        if (RoleRules.CannotEdit(role, out var refused))
        {
            return refused;
        }
        role.DisplayName = request.DisplayName?.Trim() ?? role.DisplayName;
        role.Description = request.Description ?? role.Description;
        await db.SaveChangesAsync(ct);
        await remembered.InvalidateAllAsync();
        return Envelope.Ok(RoleRules.WithUsers(role, await db.Users.CountAsync(u => u.RoleId == request.Id, ct)));
    }
}
