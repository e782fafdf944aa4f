using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Pdls;

/// <summary>
/// The PATCH routes that edit one field group of a PDL: they share the lookup, the save and the answer; each route below
/// validates its own request and applies its change. Ownership is answered before the body: someone else's PDL is "not
/// found" whatever was sent, so that a refusal never says it exists.
/// </summary>
public abstract class UpdatePdlEndpoint<TRequest>(GatewayDbContext db, TimeProvider time, AuthenticatedUserCache remembered)
    : Endpoint<TRequest, Results<Ok<ApiResponse<PdlDto>>, ApiError>>
    where TRequest : PdlRequest
{
    protected abstract void Apply(TRequest request, Pdl pdl);

    protected void Map(string route, string name, string summary)
    {
        Patch(route);
        Group<PdlsGroup>();
        DontThrowIfValidationFails();
        Description(b => b.WithName(name));
        Summary(s => s.Summary = summary);
    }

    public override async Task<Results<Ok<ApiResponse<PdlDto>>, ApiError>> ExecuteAsync(TRequest request, CancellationToken ct)
    {
        if (await db.FindOwnedAsync(User.Id(), request.Id, ct) is not { } pdl)
        {
            return PdlRules.NotFound();
        }
        ThrowIfAnyErrors();
        Apply(request, pdl);
        pdl.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        // An inactive PDL is no longer served: forget what the data routes remembered about it.
        await remembered.InvalidateAsync(pdl.UserId);
        return Envelope.Ok(PdlDto.From(pdl));
    }
}

public sealed class RenamePdlRequest : PdlRequest
{
    public string? Name { get; init; }
}

public sealed class RenamePdlValidator : Validator<RenamePdlRequest>
{
    public RenamePdlValidator() => RuleFor(r => r.Name).MaximumLength(PdlRules.MaxNameLength).WithMessage(PdlRules.NameMessage);
}

public sealed class RenamePdl(GatewayDbContext db, TimeProvider time, AuthenticatedUserCache remembered) : UpdatePdlEndpoint<RenamePdlRequest>(db, time, remembered)
{
    public override void Configure() => Map("/pdl/{id:guid}/name", "RenamePdl", "Rename a PDL (an empty name clears it).");

    protected override void Apply(RenamePdlRequest request, Pdl pdl) => pdl.Name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim();
}

public sealed class SetPdlActiveRequest : PdlRequest
{
    public bool? IsActive { get; init; }
}

public sealed class SetPdlActiveValidator : Validator<SetPdlActiveRequest>
{
    public SetPdlActiveValidator() => RuleFor(r => r.IsActive).NotNull().WithMessage("is_active (true/false) est requis.");
}

public sealed class SetPdlActive(GatewayDbContext db, TimeProvider time, AuthenticatedUserCache remembered) : UpdatePdlEndpoint<SetPdlActiveRequest>(db, time, remembered)
{
    public override void Configure() => Map("/pdl/{id:guid}/active", "SetPdlActive", "Activate or deactivate a PDL (inactive PDLs are not served nor pre-warmed).");

    protected override void Apply(SetPdlActiveRequest request, Pdl pdl) => pdl.IsActive = request.IsActive!.Value;
}

public sealed class SetPdlTypeRequest : PdlRequest
{
    public bool? HasConsumption { get; init; }

    public bool? HasProduction { get; init; }
}

public sealed class SetPdlTypeValidator : Validator<SetPdlTypeRequest>
{
    public SetPdlTypeValidator() => RuleFor(r => r.HasConsumption)
        .Must((request, consumption) => consumption is not null || request.HasProduction is not null)
        .WithMessage("has_consumption ou has_production est requis.");
}

public sealed class SetPdlType(GatewayDbContext db, TimeProvider time, AuthenticatedUserCache remembered) : UpdatePdlEndpoint<SetPdlTypeRequest>(db, time, remembered)
{
    public override void Configure() => Map("/pdl/{id:guid}/type", "SetPdlType", "Declare whether the meter consumes and/or produces.");

    protected override void Apply(SetPdlTypeRequest request, Pdl pdl)
    {
        pdl.HasConsumption = request.HasConsumption ?? pdl.HasConsumption;
        pdl.HasProduction = request.HasProduction ?? pdl.HasProduction;
    }
}

public sealed class SetPdlContractRequest : PdlRequest
{
    public int? SubscribedPower { get; init; }

    public OffpeakHours? OffpeakHours { get; init; }
}

public sealed class SetPdlContractValidator : Validator<SetPdlContractRequest>
{
    public SetPdlContractValidator()
    {
        RuleFor(r => r.SubscribedPower).InclusiveBetween(1, 36).WithMessage("La puissance souscrite doit être comprise entre 1 et 36 kVA.");
        RuleFor(r => r.OffpeakHours!.Ranges)
            .Must(ranges => ranges is null || (ranges.Count <= 6 && ranges.All(r => r is not null && PdlRules.IsTimeRange(r))))
            .When(r => r.OffpeakHours is not null)
            .WithMessage("Les heures creuses s'écrivent \"HH:MM-HH:MM\" (6 plages au plus).")
            .OverridePropertyName("offpeak_hours.ranges");
    }
}

public sealed class SetPdlContract(GatewayDbContext db, TimeProvider time, AuthenticatedUserCache remembered) : UpdatePdlEndpoint<SetPdlContractRequest>(db, time, remembered)
{
    public override void Configure() => Map("/pdl/{id:guid}/contract", "SetPdlContract", "Set the subscribed power (kVA) and off-peak hours by hand.");

    protected override void Apply(SetPdlContractRequest request, Pdl pdl)
    {
        pdl.SubscribedPower = request.SubscribedPower ?? pdl.SubscribedPower;
        pdl.OffpeakHours = request.OffpeakHours?.Ranges is { } ranges ? [.. ranges] : pdl.OffpeakHours;
    }
}
