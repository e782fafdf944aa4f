using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

public sealed record UserStats(int TotalUsers, int ActiveUsers, int VerifiedUsers, int AdminUsers, int NewUsersLast7Days);

public sealed class AdminUserStats(GatewayDbContext db, TimeProvider time, IOptions<GatewaySecurityOptions> security) : EndpointWithoutRequest<Ok<ApiResponse<UserStats>>>
{
    public override void Configure()
    {
        Get("/users/stats");
        Group<AdminGroup>();
        Permissions("admin_dashboard");
        Description(b => b.WithName("AdminUserStats"));
        Summary(s => s.Summary = "Account counts.");
    }

    public override async Task<Ok<ApiResponse<UserStats>>> ExecuteAsync(CancellationToken ct)
    {
        var weekAgo = time.GetUtcNow().AddDays(-7);
        var adminRole = SeedRoles.IdOf(SeedRoles.Admin);
        var adminEmails = security.Value.AdminEmails.ToList();
        return Envelope.Ok(new UserStats(
            await db.Users.CountAsync(ct),
            await db.Users.CountAsync(u => u.IsActive, ct),
            await db.Users.CountAsync(u => u.EmailVerified, ct),
            await db.Users.CountAsync(u => u.RoleId == adminRole || adminEmails.Contains(u.Email), ct),
            await db.Users.CountAsync(u => u.CreatedAt >= weekAgo, ct)));
    }
}
