using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Data.Database;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary>Deleting a user: every row (cascading from users) and every Redis key of theirs.</summary>
public sealed class AccountDeletion(GatewayDbContext db, MeterCache cache, UsageCounters quotas, AuthenticatedUserCache remembered, Consent.ConsentBinding consents)
{
    public async Task<bool> DeleteAsync(Guid userId, CancellationToken cancellationToken)
    {
        var usagePoints = await db.Pdls.Where(p => p.UserId == userId).Select(p => p.UsagePointId).ToListAsync(cancellationToken);
        await consents.EndAllAsync(userId, cancellationToken);
        var deleted = await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(cancellationToken);
        await remembered.InvalidateAsync(userId);
        await cache.ForgetUsagePointsAsync(usagePoints);
        await quotas.ForgetAsync(userId);
        return deleted > 0;
    }
}
