using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using Npgsql;

namespace MyElectricalData.Api.Features.Pdls;

public sealed class CreatePdlRequest
{
    public string? UsagePointId { get; init; }

    public string? Name { get; init; }
}

public sealed class CreatePdlValidator : Validator<CreatePdlRequest>
{
    public CreatePdlValidator()
    {
        RuleFor(r => r.UsagePointId).Must(id => PdlRules.IsUsagePointId(id?.Trim())).WithMessage(PdlRules.UsagePointIdMessage);
        RuleFor(r => r.Name).MaximumLength(PdlRules.MaxNameLength).WithMessage(PdlRules.NameMessage);
    }
}

/// <summary><c>POST /api/pdl</c>: a PDL added by number awaits its owner's consent (named and listed, no data).</summary>
public sealed class CreatePdl(GatewayDbContext db, TimeProvider time, IOptions<GatewaySecurityOptions> security)
    : Endpoint<CreatePdlRequest, Results<Created<ApiResponse<PdlDto>>, ApiError>>
{
    public override void Configure()
    {
        Post("/pdl");
        Group<PdlsGroup>();
        Description(b => b.WithName("CreatePdl"));
        Summary(s => s.Summary = "Add a PDL by its 14-digit usage point id. It awaits consent (no data) until the caller's own Enedis consent binds it.");
    }

    public override async Task<Results<Created<ApiResponse<PdlDto>>, ApiError>> ExecuteAsync(CreatePdlRequest request, CancellationToken cancellationToken)
    {
        var usagePointId = request.UsagePointId!.Trim();
        if (await db.Pdls.AnyAsync(p => p.UsagePointId == usagePointId, cancellationToken))
        {
            return Exists();
        }
        var now = time.GetUtcNow();
        var pdl = new Pdl
        {
            Id = Guid.CreateVersion7(),
            UserId = User.Id(),
            UsagePointId = usagePointId,
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
