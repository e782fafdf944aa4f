using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

public sealed class CreateRoleRequest
{
    public string? Name { get; init; }

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public List<Guid>? PermissionIds { get; init; }
}

public sealed class CreateRoleValidator : Validator<CreateRoleRequest>
{
    public CreateRoleValidator()
    {
        RuleFor(r => r.Name).Must(RoleRules.IsName).WithMessage(RoleRules.NameMessage);
        RuleFor(r => r.DisplayName).Must(name => !string.IsNullOrWhiteSpace(name) && name.Length <= 100).WithMessage("Le libellé est requis (100 caractères au plus).");
        RuleFor(r => r.Description).MaximumLength(500).WithMessage(RoleRules.DescriptionMessage);
    }
}

public sealed class AdminCreateRole(GatewayDbContext db) : Endpoint<CreateRoleRequest, Results<Created<ApiResponse<RoleWithUsers>>, ApiError>>
{
    public override void Configure()
    {
        Post("/roles");
        Group<RolesGroup>();
        Permissions("roles");
        Description(b => b.WithName("AdminCreateRole"));
        Summary(s => s.Summary = "Create a role.");
    }

    public override async Task<Results<Created<ApiResponse<RoleWithUsers>>, ApiError>> ExecuteAsync(CreateRoleRequest request, CancellationToken ct)
    {
        if (await db.Roles.AnyAsync(r => r.Name == request.Name, ct))
        {
            return ApiError.Conflict(ErrorCodes.Conflict, "Un rôle porte déjà ce nom.", "name");
        }
        var (permissions, invalid) = await RoleRules.ResolvePermissionsAsync(db, request.PermissionIds, ct);
        if (invalid is not null)
        {
            return invalid;
        }
        var role = new Role { Id = Guid.CreateVersion7(), Name = request.Name!, DisplayName = request.DisplayName!.Trim(), Description = request.Description, Permissions = permissions };
        db.Roles.Add(role);
        await db.SaveChangesAsync(ct);
        return Envelope.Created($"/api/admin/roles/{role.Id}", RoleRules.WithUsers(role, 0));
    }
}
