using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Consent;

/// <summary>The outcome of a consent callback: the user's PDLs for the consented usage points, or why none was bound.</summary>
public sealed record BindingResult(IReadOnlyList<Pdl> Bound, IReadOnlyList<Pdl> Created, string? Error);

/// <summary>
/// Binds the usage points of one consent to the user who gave it (ADR 0007), and ends bindings. A usage point is bound
/// to at most one account at a time:
/// <list type="bullet">
/// <item>free, or the user's own PDL (awaiting consent, expired, revoked): bound to this user;</item>
/// <item>held by another account that never consented for it (added by number): moved to this user, who consented;</item>
/// <item>bound to another account's live consent: refused (<c>pdl_already_exists</c>), unless Enedis confirmed this
/// consent's code, in which case the new consent wins (the customer moved in) and the old binding ends;</item>
/// <item>released by another account while Enedis may still honour its consent (a PDL or account deleted): held for
/// review (<c>consent_review_required</c>) unless Enedis confirmed this consent's code, because an unconfirmed callback
/// could have been forged by anyone who knows the meter's number.</item>
/// </list>
/// </summary>
public sealed class ConsentBinding(GatewayDbContext db, MeterCache cache, AuthenticatedUserCache remembered, TimeProvider time)
{
    /// <summary>Whether the account may receive a consent: it exists, is active and is not the shared demo account.</summary>
    public async Task<bool> CanConsentAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) is { IsActive: true } user
        && user.Email != CurrentUser.DemoEmail;

    public async Task<BindingResult> BindUsagePointsAsync(Guid userId, IReadOnlyList<string> usagePointIds, bool verified, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expiresAt = now.AddMonths(ConsentRules.DurationMonths);
        var held = await db.Pdls.Where(p => usagePointIds.Contains(p.UsagePointId)).ToListAsync(cancellationToken);
        var others = held.Where(p => p.UserId != userId).ToList();
        if (!verified)
        {
            if (others.Any(p => p.ConsentExpiresAt is not null))
            {
                return new BindingResult([], [], "pdl_already_exists");
            }
            // Any other account's consent that Enedis may still honour, whether that account still exists or not.
            if (await db.EnedisConsents.AnyAsync(c => usagePointIds.Contains(c.UsagePointId) && c.UserId != userId && c.ExpiresAt > now
                && c.RevokedAt == null, cancellationToken))
            {
                return new BindingResult([], [], "consent_review_required");
            }
        }

        // What moves away from other accounts: their PDL rows go (with their cached data), this user's are created.
        await EndBindingsAsync(others, cancellationToken);
        db.Pdls.RemoveRange(others);

        var bound = new List<Pdl>();
        var created = new List<Pdl>();
        foreach (var id in usagePointIds)
        {
            var pdl = held.FirstOrDefault(p => p.UsagePointId == id && p.UserId == userId);
            if (pdl is null)
            {
                pdl = new Pdl { Id = Guid.CreateVersion7(), UserId = userId, UsagePointId = id, CreatedAt = now, UpdatedAt = now };
                db.Pdls.Add(pdl);
                created.Add(pdl);
            }
            pdl.BindConsent(now, expiresAt);
            bound.Add(pdl);
        }
        // Earlier consents of this user for these usage points are superseded by this one.
        foreach (var earlier in await db.EnedisConsents.Where(c => c.UserId == userId && usagePointIds.Contains(c.UsagePointId) && c.EndedAt == null)
            .ToListAsync(cancellationToken))
        {
            earlier.EndedAt = now;
        }
        db.EnedisConsents.AddRange(usagePointIds.Select(id => new EnedisConsent
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            UsagePointId = id,
            GrantedAt = now,
            ExpiresAt = expiresAt,
            Verified = verified,
        }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another account registered one of them between our read and our write.
            return new BindingResult([], [], "pdl_already_exists");
        }
        foreach (var moved in others)
        {
            await remembered.InvalidateAsync(moved.UserId);
            await cache.ForgetUsagePointAsync(moved.UsagePointId);
        }
        await remembered.InvalidateAsync(userId);
        return new BindingResult(bound, created, null);
    }

    /// <summary>
    /// Marks as ended the consents that bind <paramref name="pdls"/> (deleted, or moved to another account), saved with the
    /// caller's next <c>SaveChanges</c>: from then on the gateway no longer reads those usage points for their former owners.
    /// </summary>
    public async Task EndBindingsAsync(IReadOnlyCollection<Pdl> pdls, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var pdl in pdls)
        {
            foreach (var consent in await db.EnedisConsents.Where(c => c.UserId == pdl.UserId && c.UsagePointId == pdl.UsagePointId && c.EndedAt == null)
                .ToListAsync(cancellationToken))
            {
                consent.EndedAt = now;
            }
        }
    }

    /// <summary>Ends every consent of a user at once (the account is being deleted; the rows outlive it, ADR 0007).</summary>
    public Task EndAllAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.EnedisConsents.Where(c => c.UserId == userId && c.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.EndedAt, now), cancellationToken);
    }
}
