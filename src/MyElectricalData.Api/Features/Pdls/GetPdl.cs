using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Pdls;

/// <summary><c>GET /api/pdl/{id}</c>.</summary>
public sealed class GetPdl(GatewayDbContext db) : Endpoint<PdlRequest, Results<Ok<ApiResponse<PdlDto>>, ApiError>>
{
    public override void Configure()
    {
        Get("/pdl/{id:guid}");
        Group<PdlsGroup>();
        Description(b => b.WithName("GetPdl"));
        Summary(s => s.Summary = "One of the caller's PDLs.");
    }

    public override async Task<Results<Ok<ApiResponse<PdlDto>>, ApiError>> ExecuteAsync(PdlRequest request, CancellationToken ct) =>
        await db.FindOwnedAsync(User.Id(), request.Id, ct) is { } pdl ? Envelope.Ok(PdlDto.From(pdl)) : PdlRules.NotFound();
}
