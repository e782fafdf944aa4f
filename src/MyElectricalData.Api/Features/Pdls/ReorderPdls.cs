using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Pdls;

public sealed record PdlOrder(Guid? Id, int? Order);

public sealed class ReorderPdlsRequest
{
    public List<PdlOrder>? PdlOrders { get; init; }
}

public sealed class ReorderPdlsValidator : Validator<ReorderPdlsRequest>
{
    public ReorderPdlsValidator()
    {
        RuleFor(r => r.PdlOrders).Cascade(CascadeMode.Stop)
            .Must(items => items is { Count: > 0 and <= 1000 }).WithMessage("pdl_orders doit contenir entre 1 et 1000 éléments {id, order}.")
            .Must(items => items!.All(item => item is { Id: not null, Order: >= 0 })).WithMessage("Chaque élément doit avoir un id et un ordre positif.")
            .OverridePropertyName("pdl_orders");
    }
}

/// <summary><c>PATCH /api/pdl/reorder</c>.</summary>
public sealed class ReorderPdls(GatewayDbContext db, TimeProvider time) : Endpoint<ReorderPdlsRequest, Results<Ok<ApiResponse<List<PdlDto>>>, ApiError>>
{
    public override void Configure()
    {
        Patch("/pdl/reorder");
        Group<PdlsGroup>();
        Description(b => b.WithName("ReorderPdls"));
        Summary(s => s.Summary = "Set the display order of several PDLs at once.");
    }

    public override async Task<Results<Ok<ApiResponse<List<PdlDto>>>, ApiError>> ExecuteAsync(ReorderPdlsRequest request, CancellationToken cancellationToken)
    {
        var items = request.PdlOrders!;
        var ids = items.Select(i => i.Id!.Value).Distinct().ToList();
        var pdls = await db.Pdls.Where(p => p.UserId == User.Id() && ids.Contains(p.Id)).ToListAsync(cancellationToken);
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
