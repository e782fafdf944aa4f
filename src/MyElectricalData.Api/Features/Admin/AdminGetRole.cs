using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

public sealed class AdminGetRole(GatewayDbContext db) : Endpoint<RoleRequest, Results<Ok<ApiResponse<RoleWithUsers>>, ApiError>>
{
    public override void Configure()
    {
        Get("/roles/{id:guid}");
        Group<RolesGroup>();
        Permissions("roles");
        Description(b => b.WithName("AdminGetRole"));
        Summary(s => s.Summary = "One role.");
    }

    public override async Task<Results<Ok<ApiResponse<RoleWithUsers>>, ApiError>> ExecuteAsync(RoleRequest request, CancellationToken ct)
    {
        var role = await db.Roles.AsNoTracking().Include(r => r.Permissions).SingleOrDefaultAsync(r => r.Id == request.Id, ct);
        return role is null ? RoleRules.NotFound() : Envelope.Ok(RoleRules.WithUsers(role, await db.Users.CountAsync(u => u.RoleId == request.Id, ct)));
    }
}
