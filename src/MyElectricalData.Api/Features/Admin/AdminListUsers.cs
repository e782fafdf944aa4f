using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

public sealed class AdminListUsers(GatewayDbContext db, UsageCounters counters, IOptions<GatewaySecurityOptions> security) : EndpointWithoutRequest<Ok<ApiResponse<List<AdminUserDto>>>>
{
    public override void Configure()
    {
        Get("/users");
        Group<AdminGroup>();
        Permissions("users");
        Description(b => b.WithName("AdminListUsers"));
        Summary(s => s.Summary = "Every account with its PDL count and today's usage.");
    }

    public override async Task<Ok<ApiResponse<List<AdminUserDto>>>> ExecuteAsync(CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Include(u => u.Role).ThenInclude(r => r!.Permissions)
            .OrderBy(u => u.CreatedAt).ToListAsync(ct);
        var pdlCounts = await db.Pdls.GroupBy(p => p.UserId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var usage = await counters.GetManyAsync([.. users.Select(u => u.Id)]);
        return Envelope.Ok(users.Select(u => AdminUserDto.From(u, pdlCounts.GetValueOrDefault(u.Id), usage[u.Id], security.Value)).ToList());
    }
}
