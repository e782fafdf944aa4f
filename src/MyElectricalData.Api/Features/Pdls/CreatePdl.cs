using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using Npgsql;

namespace MyElectricalData.Api.Features.Pdls;

public static class CreatePdl
{
    public sealed record Request(string? UsagePointId, string? Name);

    public static void Map(RouteGroupBuilder group) => group.MapPost("", HandleAsync)
        .WithName("CreatePdl")
        .WithSummary("Add a PDL by its 14-digit usage point id. It awaits consent (no data) until the caller's own Enedis consent binds it.");

    public static async Task<Results<Created<ApiResponse<PdlDto>>, ApiError>> HandleAsync(
        Request request, ClaimsPrincipal principal, GatewayDbContext db, TimeProvider time, IOptions<GatewaySecurityOptions> security,
        CancellationToken cancellationToken)
    {
        var usagePointId = request.UsagePointId?.Trim();
        if ((PdlRules.ValidateUsagePointId(usagePointId) ?? PdlRules.ValidateName(request.Name)) is { } invalid)
        {
            return invalid;
        }
        if (await db.Pdls.AnyAsync(p => p.UsagePointId == usagePointId, cancellationToken))
        {
            return Exists();
        }
        var now = time.GetUtcNow();
        var pdl = new Pdl
        {
            Id = Guid.CreateVersion7(),
            UserId = principal.Id(),
            UsagePointId = usagePointId!,
            Name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Pdls.Add(pdl);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Exists();
        }
        // Counted after the insert, so that parallel requests can never keep more than the cap between them (at worst they
        // all give theirs back).
        var awaiting = await db.Pdls.CountAsync(p => p.UserId == pdl.UserId && p.ConsentExpiresAt == null, cancellationToken);
        if (awaiting > security.Value.MaxPdlsAwaitingConsent)
        {
            db.Pdls.Remove(pdl);
            await db.SaveChangesAsync(CancellationToken.None);
            return ApiError.Conflict(ErrorCodes.Conflict,
                $"Au plus {security.Value.MaxPdlsAwaitingConsent} point(s) de livraison peuvent attendre un consentement : donnez votre consentement Enedis avant d'en ajouter d'autres.",
                "usage_point_id");
        }
        return Envelope.Created($"/api/pdl/{pdl.Id}", PdlDto.From(pdl));
    }

    private static ApiError Exists() => ApiError.Conflict(ErrorCodes.PdlExists, "Ce point de livraison est déjà enregistré.", "usage_point_id");
}
