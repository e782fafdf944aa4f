using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

public sealed class AdminDeleteRole(GatewayDbContext db, AuthenticatedUserCache remembered) : Endpoint<RoleRequest, Results<Ok<ApiResponse<MessageResponse>>, ApiError>>
{
    public override void Configure()
    {
        Delete("/roles/{id:guid}");
        Group<RolesGroup>();
        Permissions("roles");
        Description(b => b.WithName("AdminDeleteRole"));
        Summary(s => s.Summary = "Delete a role (not a system role); its users become visitors.");
    }

    public override async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ExecuteAsync(RoleRequest request, CancellationToken ct)
    {
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Id == request.Id, ct);
        if (RoleRules.CannotEdit(role, out var refused))
        {
            return refused;
        }
        var visitor = SeedRoles.IdOf(SeedRoles.Visitor);
        await db.Users.Where(u => u.RoleId == request.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.RoleId, visitor), ct);
        db.Roles.Remove(role);
        await db.SaveChangesAsync(ct);
        // Its users' permissions changed: forget every remembered authentication, here and on the other replicas.
        await remembered.InvalidateAllAsync();
        return Envelope.Ok(new MessageResponse("Rôle supprimé ; ses utilisateurs sont désormais visiteurs."));
    }
}
