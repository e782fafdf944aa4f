using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

public sealed class AdminListRoles(GatewayDbContext db) : EndpointWithoutRequest<Ok<ApiResponse<List<RoleWithUsers>>>>
{
    public override void Configure()
    {
        Get("/roles");
        Group<RolesGroup>();
        Permissions("roles");
        Description(b => b.WithName("AdminListRoles"));
        Summary(s => s.Summary = "Every role with its permissions and user count.");
    }

    public override async Task<Ok<ApiResponse<List<RoleWithUsers>>>> ExecuteAsync(CancellationToken ct)
    {
        var roles = await db.Roles.AsNoTracking().Include(r => r.Permissions).OrderBy(r => r.Name).ToListAsync(ct);
        var counts = await db.Users.Where(u => u.RoleId != null).GroupBy(u => u.RoleId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key!.Value, x => x.Count, ct);
        return Envelope.Ok(roles.Select(r => RoleRules.WithUsers(r, counts.GetValueOrDefault(r.Id))).ToList());
    }
}
