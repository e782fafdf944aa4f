using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
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
        .WithName("CreatePdl").WithSummary("Add a PDL by its 14-digit usage point id (a usage point belongs to one account).");

    public static async Task<Results<Created<ApiResponse<PdlDto>>, ApiError>> HandleAsync(
        Request request, ClaimsPrincipal principal, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
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
        return Envelope.Created($"/api/pdl/{pdl.Id}", PdlDto.From(pdl));
    }

    private static ApiError Exists() => ApiError.Conflict(ErrorCodes.PdlExists, "Ce point de livraison est déjà enregistré.", "usage_point_id");
}
