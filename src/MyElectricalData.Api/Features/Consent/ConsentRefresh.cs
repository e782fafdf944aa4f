using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.Api.Features.Pdls;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Consent;

/// <summary><c>POST /api/oauth/refresh/{usage_point_id}</c>: kept for the frontend; a new authorize URL for one of the caller's PDLs.</summary>
public sealed class ConsentRefresh(GatewayDbContext db, ConsentLinks links) : Endpoint<UsagePointRequest, Results<Ok<ApiResponse<AuthorizeResponse>>, ApiError>>
{
    public override void Configure()
    {
        Post("/refresh/{usage_point_id}");
        Group<ConsentGroup>();
        Description(b => b.WithName("ConsentRefresh"));
        Summary(s => s.Summary = "Renew consent for one of the caller's PDLs: a new authorize URL (kept for compatibility).");
    }

    public override async Task<Results<Ok<ApiResponse<AuthorizeResponse>>, ApiError>> ExecuteAsync(UsagePointRequest request, CancellationToken ct)
    {
        if (PdlRules.ValidateUsagePointId(request.UsagePointId) is { } invalid)
        {
            return invalid;
        }
        if (!await db.Pdls.AnyAsync(p => p.UsagePointId == request.UsagePointId && p.UserId == User.Id(), ct))
        {
            return PdlRules.NotFound();
        }
        return Envelope.Ok(new AuthorizeResponse(await links.IssueAsync(User.Id()), "Renouvelez votre consentement sur la page d'Enedis."));
    }
}
