using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Consent;
using MyElectricalData.Api.Features.Pdls;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.MeterData;

/// <summary>
/// Whose data a request may touch: the usage point is one of the caller's active PDLs (another user's is "not found"),
/// bound to the caller's own live consent for reads, and the key that opens the caller's cache.
/// </summary>
public sealed class MeterAccess(GatewayDbContext db, SecretProtector secrets, TimeProvider time, AuthenticatedUserCache remembered)
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
}
