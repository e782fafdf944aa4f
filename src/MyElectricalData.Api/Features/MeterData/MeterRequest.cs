using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Consent;
using MyElectricalData.Api.Features.Pdls;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.MeterData;

/// <summary>
/// What every data route checks before touching the cache or Enedis: the usage point is one of the caller's
/// active PDLs, bound to the caller's own live consent (reads only), the dates are well-formed and answerable (J-1, history limits, span), and which key opens the
/// caller's cache. Also counts the request against the caller's quotas. Shared by the /api and legacy routes.
/// </summary>
public sealed class MeterRequests(GatewayDbContext db, SecretProtector secrets, QuotaGate quotas, TimeProvider time, AuthenticatedUserCache remembered)
{
    /// <summary>
    /// What a data read needs: the checks of <see cref="AuthorizeAsync"/>, a live consent of the caller's own binding the
    /// usage point to this PDL (else 403 <c>CONSENT_REQUIRED</c>), and the caller's cache key, remembered a
    /// few seconds per replica for this PDL (<see cref="AuthenticatedUserCache"/>; deactivating or deleting a PDL, or
    /// regenerating the secret, forgets its owner's entries at once).
    /// </summary>
    public async Task<UserCacheKey> AuthorizeReadAsync(HttpContext http, string usagePointId, CancellationToken cancellationToken)
    {
        var user = http.Entity();
        var entry = AuthenticatedUserCache.PdlKey(user.Id, usagePointId);
        if (remembered.TryGet<UserCacheKey>(entry, out var key))
        {
            return key;
        }
        var generation = remembered.Generation;
        (var pdl, key) = await AuthorizeAsync(http, usagePointId, cancellationToken);
        if (!pdl.HasLiveConsent(time.GetUtcNow()))
        {
            throw new ApiErrorException(ConsentRules.Required(pdl, time.GetUtcNow()));
        }
        remembered.Set(entry, user.Id, key, generation);
        return key;
    }

    /// <summary>The caller's active PDL for the usage point and their cache key; no consent needed (status, cache purges).</summary>
    public async Task<(Pdl Pdl, UserCacheKey Key)> AuthorizeAsync(HttpContext http, string usagePointId, CancellationToken cancellationToken)
    {
        if (PdlRules.ValidateUsagePointId(usagePointId) is { } invalid)
        {
            throw new ApiErrorException(invalid);
        }
        var user = http.Entity();
        var pdl = await db.Pdls.AsNoTracking().SingleOrDefaultAsync(p => p.UsagePointId == usagePointId && p.UserId == user.Id, cancellationToken)
            ?? throw new ApiErrorException(PdlRules.NotFound());
        if (!pdl.IsActive)
        {
            throw new ApiErrorException(ApiError.Forbidden("Ce point de livraison est désactivé : réactivez-le pour lire ses données."));
        }
        return (pdl, UserCacheKey.For(user, secrets));
    }

    /// <summary>The answerable part of [start, end) for <paramref name="kind"/>, or the error that explains why there is none.</summary>
    public DateRange ParseRange(MeteringKind kind, string? start, string? end, int? maxDays)
    {
        var from = ParseDate(start, "start");
        var to = ParseDate(end, "end");
        if (to < from)
        {
            throw new ApiErrorException(ApiError.Validation("end", "La date de fin doit suivre la date de début (fin exclue)."));
        }
        // A single day D may be asked as start = end = D.
        var requested = new DateRange(from, to == from ? to.AddDays(1) : to);
        if (maxDays is { } max && requested.Days > max)
        {
            throw new ApiErrorException(ApiError.Validation("end", $"Au plus {max} jours par requête pour cette donnée (utilisez la route /batch pour davantage)."));
        }
        var today = EnedisCalendar.Today(time);
        if (EnedisCalendar.Answerable(kind, requested, today) is { } answerable)
        {
            return answerable;
        }
        if (requested.Start >= today)
        {
            throw new ApiErrorException(ApiError.Validation("start", "Les données Enedis sont disponibles jusqu'à la veille (J-1)."));
        }
        throw new ApiErrorException(new ApiError(StatusCodes.Status400BadRequest, ErrorCodes.DateTooOld,
            $"Enedis ne conserve pas ces données au-delà du {kind.HistoryLimit(today):dd/MM/yyyy}.", "start"));
    }

    public Task<QuotaState> CountAsync(HttpContext http, bool cached) =>
        quotas.CountAsync(http.Entity().Id, cached, exempt: http.User.IsAdmin());

    // Dates are bounded before any arithmetic (a single day D is [D, D+1): D+1 of 9999-12-31 does not exist). Enedis has
    // nothing before 2000 nor after tomorrow; the upper bound only keeps clamping and splitting far from DateOnly's ends.
    private static readonly DateOnly Earliest = new(2000, 1, 1);
    private static readonly DateOnly Latest = new(2100, 12, 31);

    private static DateOnly ParseDate(string? text, string field)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new ApiErrorException(ApiError.Validation(field, $"'{field}' doit être une date AAAA-MM-JJ."));
        }
        return date >= Earliest && date <= Latest ? date
            : throw new ApiErrorException(ApiError.Validation(field, $"'{field}' doit être une date entre le {Earliest:dd/MM/yyyy} et le {Latest:dd/MM/yyyy}."));
    }
}
