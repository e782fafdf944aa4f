using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

public sealed record TopUser(Guid Id, string Email, long CachedRequests, long NoCacheRequests);

public sealed record AdminStatsResponse(int Users, int ActiveUsers, int Pdls, int ActivePdls, DateOnly Date, long CachedRequestsToday, long NoCacheRequestsToday,
    IReadOnlyList<TopUser> TopUsers);

public sealed class AdminStats(GatewayDbContext db, UsageCounters counters) : EndpointWithoutRequest<Ok<ApiResponse<AdminStatsResponse>>>
{
    public override void Configure()
    {
        Get("/stats");
        Group<AdminGroup>();
        Permissions("admin_dashboard");
        Description(b => b.WithName("AdminStats"));
        Summary(s => s.Summary = "Gateway-wide counts and today's usage.");
    }

    public override async Task<Ok<ApiResponse<AdminStatsResponse>>> ExecuteAsync(CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        var usage = await counters.GetManyAsync([.. users.Select(u => u.Id)]);
        var top = users
            .Select(u => new TopUser(u.Id, u.Email, usage[u.Id].CachedRequests, usage[u.Id].NoCacheRequests))
            .Where(u => u.CachedRequests + u.NoCacheRequests > 0)
            .OrderByDescending(u => u.NoCacheRequests).ThenByDescending(u => u.CachedRequests).Take(10).ToList();
        return Envelope.Ok(new AdminStatsResponse(
            users.Count,
            await db.Users.CountAsync(u => u.IsActive, ct),
            await db.Pdls.CountAsync(ct),
            await db.Pdls.CountAsync(p => p.IsActive, ct),
            counters.Today,
            usage.Values.Sum(u => u.CachedRequests),
            usage.Values.Sum(u => u.NoCacheRequests),
            top));
    }
}
