using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Accounts;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

public sealed class AdminListPermissions(GatewayDbContext db) : EndpointWithoutRequest<Ok<ApiResponse<List<PermissionDto>>>>
{
    public override void Configure()
    {
        Get("/roles/permissions");
        Group<RolesGroup>();
        Permissions("roles");
        Description(b => b.WithName("AdminListPermissions"));
        Summary(s => s.Summary = "Every permission.");
    }

    public override async Task<Ok<ApiResponse<List<PermissionDto>>>> ExecuteAsync(CancellationToken ct) =>
        Envelope.Ok(await db.Permissions.AsNoTracking().OrderBy(p => p.Name)
            .Select(p => new PermissionDto(p.Id, p.Name, p.DisplayName, p.Resource)).ToListAsync(ct));
}
