using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Pdls;

public sealed record OffpeakHours(IReadOnlyList<string> Ranges);

/// <summary>
/// A PDL as the frontend reads it (SPEC §4), plus its consent: <c>consent_status</c> is <c>awaiting_consent</c> (added by
/// number: named and listed, no data), <c>active</c>, <c>expired</c> or <c>revoked</c>.
/// </summary>
public sealed record PdlDto(Guid Id, string UsagePointId, string? Name, DateTimeOffset CreatedAt, int? DisplayOrder, int? SubscribedPower,
    OffpeakHours? OffpeakHours, bool HasConsumption, bool HasProduction, bool IsActive, DateOnly? ActivationDate, DateOnly? OldestAvailableDataDate,
    string ConsentStatus, DateTimeOffset? ConsentGrantedAt, DateTimeOffset? ConsentExpiresAt)
{
    public static PdlDto From(Pdl pdl) => new(pdl.Id, pdl.UsagePointId, pdl.Name, pdl.CreatedAt, pdl.DisplayOrder, pdl.SubscribedPower,
        pdl.OffpeakHours is { } ranges ? new OffpeakHours(ranges) : null, pdl.HasConsumption, pdl.HasProduction, pdl.IsActive,
        pdl.ActivationDate, pdl.OldestAvailableDataDate, Consent.ConsentRules.Status(pdl, DateTimeOffset.UtcNow), pdl.ConsentGrantedAt, pdl.ConsentExpiresAt);
}

/// <summary>The rules every PDL route shares: ownership (another user's PDL is "not found") and input formats.</summary>
public static partial class PdlRules
{
    public static ApiError NotFound() => ApiError.NotFound(ErrorCodes.PdlNotFound, "Point de livraison introuvable.");

    /// <summary>The caller's PDL, tracked for update; null when it does not exist or belongs to someone else.</summary>
    public static Task<Pdl?> FindOwnedAsync(this GatewayDbContext db, Guid userId, Guid id, CancellationToken cancellationToken) =>
        db.Pdls.SingleOrDefaultAsync(p => p.Id == id && p.UserId == userId, cancellationToken);

    public const string UsagePointIdMessage = "Le numéro de point de livraison doit comporter exactement 14 chiffres.";
    public const int MaxNameLength = 100;
    public const string NameMessage = "Le nom ne doit pas dépasser 100 caractères.";

    public static bool IsUsagePointId(string? usagePointId) => usagePointId is not null && UsagePointId().IsMatch(usagePointId);

    public static ApiError? ValidateUsagePointId(string? usagePointId) =>
        IsUsagePointId(usagePointId) ? null : ApiError.Validation("usage_point_id", UsagePointIdMessage);

    /// <summary>"HH:mm-HH:mm".</summary>
    public static bool IsTimeRange(string range) => TimeRange().IsMatch(range);

    // ASCII digits only, and the whole string: \d matches other scripts' digits and $ a trailing newline.
    [GeneratedRegex(@"^[0-9]{14}\z")]
    private static partial Regex UsagePointId();

    [GeneratedRegex(@"^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]\z")]
    private static partial Regex TimeRange();
}
