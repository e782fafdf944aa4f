using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Pdls;

/// <summary>The four PATCH routes that edit one field group of a PDL; they share lookup, save and answer.</summary>
public static class UpdatePdl
{
    public sealed record RenameRequest(string? Name);

    public sealed record ActiveRequest(bool? IsActive);

    public sealed record TypeRequest(bool? HasConsumption, bool? HasProduction);

    public sealed record ContractRequest(int? SubscribedPower, OffpeakHours? OffpeakHours);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPatch("/{id:guid}/name", (Guid id, RenameRequest request, ClaimsPrincipal principal, GatewayDbContext db, TimeProvider time, AuthenticatedUserCache remembered,
            CancellationToken ct) =>
            ApplyAsync(id, principal, db, time, remembered, ct, pdl =>
            {
                if (PdlRules.ValidateName(request.Name) is { } invalid)
                {
                    return invalid;
                }
                pdl.Name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim();
                return null;
            })).WithName("RenamePdl").WithSummary("Rename a PDL (an empty name clears it).");

        group.MapPatch("/{id:guid}/active", (Guid id, ActiveRequest request, ClaimsPrincipal principal, GatewayDbContext db, TimeProvider time, AuthenticatedUserCache remembered,
            CancellationToken ct) =>
            ApplyAsync(id, principal, db, time, remembered, ct, pdl =>
            {
                if (request.IsActive is not { } active)
                {
                    return ApiError.Validation("is_active", "is_active (true/false) est requis.");
                }
                pdl.IsActive = active;
                return null;
            })).WithName("SetPdlActive").WithSummary("Activate or deactivate a PDL (inactive PDLs are not served nor pre-warmed).");

        group.MapPatch("/{id:guid}/type", (Guid id, TypeRequest request, ClaimsPrincipal principal, GatewayDbContext db, TimeProvider time, AuthenticatedUserCache remembered,
            CancellationToken ct) =>
            ApplyAsync(id, principal, db, time, remembered, ct, pdl =>
            {
                if (request.HasConsumption is null && request.HasProduction is null)
                {
                    return ApiError.Validation("has_consumption", "has_consumption ou has_production est requis.");
                }
                pdl.HasConsumption = request.HasConsumption ?? pdl.HasConsumption;
                pdl.HasProduction = request.HasProduction ?? pdl.HasProduction;
                return null;
            })).WithName("SetPdlType").WithSummary("Declare whether the meter consumes and/or produces.");

        group.MapPatch("/{id:guid}/contract", (Guid id, ContractRequest request, ClaimsPrincipal principal, GatewayDbContext db, TimeProvider time, AuthenticatedUserCache remembered,
            CancellationToken ct) =>
            ApplyAsync(id, principal, db, time, remembered, ct, pdl =>
            {
                if (request.SubscribedPower is { } power && (power < 1 || power > 36))
                {
                    return ApiError.Validation("subscribed_power", "La puissance souscrite doit être comprise entre 1 et 36 kVA.");
                }
                if (request.OffpeakHours?.Ranges is { } ranges && (ranges.Count > 6 || ranges.Any(r => r is null || !PdlRules.IsTimeRange(r))))
                {
                    return ApiError.Validation("offpeak_hours.ranges", "Les heures creuses s'écrivent \"HH:MM-HH:MM\" (6 plages au plus).");
                }
                pdl.SubscribedPower = request.SubscribedPower ?? pdl.SubscribedPower;
                pdl.OffpeakHours = request.OffpeakHours?.Ranges is { } set ? [.. set] : pdl.OffpeakHours;
                return null;
            })).WithName("SetPdlContract").WithSummary("Set the subscribed power (kVA) and off-peak hours by hand.");
    }

    private static async Task<Results<Ok<ApiResponse<PdlDto>>, ApiError>> ApplyAsync(
        Guid id, ClaimsPrincipal principal, GatewayDbContext db, TimeProvider time, AuthenticatedUserCache remembered, CancellationToken cancellationToken,
        Func<Pdl, ApiError?> change)
    {
        if (await db.FindOwnedAsync(principal.Id(), id, cancellationToken) is not { } pdl)
        {
            return PdlRules.NotFound();
        }
        if (change(pdl) is { } invalid)
        {
            return invalid;
        }
        pdl.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        // An inactive PDL is no longer served: forget what the data routes remembered about it.
        await remembered.InvalidateAsync(pdl.UserId);
        return Envelope.Ok(PdlDto.From(pdl));
    }
}
