using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Pdls;

public static class ReorderPdls
{
    public sealed record Item(Guid? Id, int? Order);

    public sealed record Request(List<Item>? PdlOrders);

    public static void Map(RouteGroupBuilder group) => group.MapPatch("/reorder", HandleAsync)
        .WithName("ReorderPdls").WithSummary("Set the display order of several PDLs at once.");

    public static async Task<Results<Ok<ApiResponse<List<PdlDto>>>, ApiError>> HandleAsync(
        Request request, ClaimsPrincipal principal, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.PdlOrders is not { Count: > 0 and <= 1000 } items)
        {
            return ApiError.Validation("pdl_orders", "pdl_orders doit contenir entre 1 et 1000 éléments {id, order}.");
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { Id: not null, Order: >= 0 })
            {
                return ApiError.Validation($"pdl_orders[{i}]", "Chaque élément doit avoir un id et un ordre positif.");
            }
        }
        var ids = items.Select(i => i.Id!.Value).Distinct().ToList();
        var pdls = await db.Pdls.Where(p => p.UserId == principal.Id() && ids.Contains(p.Id)).ToListAsync(cancellationToken);
        if (pdls.Count != ids.Count)
        {
            return PdlRules.NotFound();
        }
        var now = time.GetUtcNow();
        foreach (var item in items)
        {
            var pdl = pdls.Single(p => p.Id == item.Id);
            pdl.DisplayOrder = item.Order;
            pdl.UpdatedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        return Envelope.Ok(pdls.OrderBy(p => p.DisplayOrder).Select(PdlDto.From).ToList());
    }
}
