using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Pdls;

/// <summary><c>GET /api/pdl</c>.</summary>
public sealed class ListPdls(GatewayDbContext db) : EndpointWithoutRequest<Ok<ApiResponse<List<PdlDto>>>>
{
    public override void Configure()
    {
        Get("/pdl");
        Group<PdlsGroup>();
        Description(b => b.WithName("ListPdls"));
        Summary(s => s.Summary = "The caller's PDLs, by display order (unset last), newest first.");
    }

    public override async Task<Ok<ApiResponse<List<PdlDto>>>> ExecuteAsync(CancellationToken ct)
    {
        var pdls = await db.Pdls.AsNoTracking().Where(p => p.UserId == User.Id())
            .OrderBy(p => p.DisplayOrder == null).ThenBy(p => p.DisplayOrder).ThenByDescending(p => p.CreatedAt)
            .ToListAsync(ct);
        return Envelope.Ok(pdls.Select(PdlDto.From).ToList());
    }
}
