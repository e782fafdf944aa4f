using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Pdls;

/// <summary><c>DELETE /api/pdl/{id}</c>: the PDL, its consent binding and its cached data.</summary>
public sealed class DeletePdl(GatewayDbContext db, MeterCache cache, AuthenticatedUserCache remembered, Consent.ConsentBinding consents)
    : Endpoint<PdlRequest, Results<Ok<ApiResponse<MessageResponse>>, ApiError>>
{
    public override void Configure()
    {
        Delete("/pdl/{id:guid}");
        Group<PdlsGroup>();
        Description(b => b.WithName("DeletePdl"));
        Summary(s => s.Summary = "Remove a PDL, end its consent binding and purge its cached data.");
    }

    public override async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ExecuteAsync(PdlRequest request, CancellationToken cancellationToken)
    {
        if (await db.FindOwnedAsync(User.Id(), request.Id, cancellationToken) is not { } pdl)
        {
            return PdlRules.NotFound();
        }
        // The binding ends with the PDL: whoever adds this number next must give their own consent.
        await consents.EndBindingsAsync([pdl], cancellationToken);
        db.Pdls.Remove(pdl);
        await db.SaveChangesAsync(cancellationToken);
        await remembered.InvalidateAsync(pdl.UserId);
        await cache.ForgetUsagePointAsync(pdl.UsagePointId);
        return Envelope.Ok(new MessageResponse("Point de livraison supprimé."));
    }
}
