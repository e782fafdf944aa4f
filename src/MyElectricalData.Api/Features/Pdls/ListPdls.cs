using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Pdls;

public static class ListPdls
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("", HandleAsync)
        .WithName("ListPdls").WithSummary("The caller's PDLs, by display order (unset last), newest first.");

    public static async Task<Ok<ApiResponse<List<PdlDto>>>> HandleAsync(ClaimsPrincipal principal, GatewayDbContext db, CancellationToken cancellationToken)
    {
        var pdls = await db.Pdls.AsNoTracking().Where(p => p.UserId == principal.Id())
            .OrderBy(p => p.DisplayOrder == null).ThenBy(p => p.DisplayOrder).ThenByDescending(p => p.CreatedAt)
            .ToListAsync(cancellationToken);
        return Envelope.Ok(pdls.Select(PdlDto.From).ToList());
    }
}

public static class GetPdl
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/{id:guid}", HandleAsync)
        .WithName("GetPdl").WithSummary("One of the caller's PDLs.");

    public static async Task<Results<Ok<ApiResponse<PdlDto>>, ApiError>> HandleAsync(
        Guid id, ClaimsPrincipal principal, GatewayDbContext db, CancellationToken cancellationToken) =>
        await db.FindOwnedAsync(principal.Id(), id, cancellationToken) is { } pdl ? Envelope.Ok(PdlDto.From(pdl)) : PdlRules.NotFound();
}
