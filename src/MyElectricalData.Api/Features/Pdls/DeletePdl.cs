using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Pdls;

public static class DeletePdl
{
    public static void Map(RouteGroupBuilder group) => group.MapDelete("/{id:guid}", HandleAsync)
        .WithName("DeletePdl").WithSummary("Remove a PDL, end its consent binding and purge its cached data.");

    public static async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> HandleAsync(
        Guid id, ClaimsPrincipal principal, GatewayDbContext db, MeterCache cache, AuthenticatedUserCache remembered,
        Consent.ConsentBinding consents, CancellationToken cancellationToken)
    {
        if (await db.FindOwnedAsync(principal.Id(), id, cancellationToken) is not { } pdl)
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
