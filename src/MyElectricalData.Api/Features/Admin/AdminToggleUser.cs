using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

/// <summary>The two switches on an account (status, debug mode): shared lookup, save, invalidation and answer; one class per route below.</summary>
public abstract class AdminToggleUserEndpoint(GatewayDbContext db, UsageCounters counters, IOptions<GatewaySecurityOptions> security, TimeProvider time,
    AuthenticatedUserCache remembered) : Endpoint<UserRequest, Results<Ok<ApiResponse<AdminUserDto>>, ApiError>>
{
    /// <summary>Why this admin may not flip this account, if they may not.</summary>
    protected virtual ApiError? Refused(Guid id) => null;

    protected abstract void Toggle(User user);

    protected void Map(string route, string name, string summary)
    {
        Post(route);
        Group<AdminGroup>();
        Permissions("users.edit");
        Description(b => b.WithName(name));
        Summary(s => s.Summary = summary);
    }

    public override async Task<Results<Ok<ApiResponse<AdminUserDto>>, ApiError>> ExecuteAsync(UserRequest request, CancellationToken ct)
    {
        if (Refused(request.Id) is { } refused)
        {
            return refused;
        }
        var user = await db.Users.Include(u => u.Role).ThenInclude(r => r!.Permissions).SingleOrDefaultAsync(u => u.Id == request.Id, ct);
        if (user is null)
        {
            return AdminUserDto.NotFound();
        }
        Toggle(user);
        user.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        // A deactivated account must be refused at once, on every replica.
        await remembered.InvalidateAsync(request.Id);
        var pdlCount = await db.Pdls.CountAsync(p => p.UserId == request.Id, ct);
        return Envelope.Ok(AdminUserDto.From(user, pdlCount, await counters.GetAsync(request.Id), security.Value));
    }
}

public sealed class AdminToggleStatus(GatewayDbContext db, UsageCounters counters, IOptions<GatewaySecurityOptions> security, TimeProvider time,
    AuthenticatedUserCache remembered) : AdminToggleUserEndpoint(db, counters, security, time, remembered)
{
    public override void Configure() => Map("/users/{id:guid}/toggle-status", "AdminToggleStatus", "Activate or deactivate an account.");

    protected override ApiError? Refused(Guid id) => id == User.Id() ? ApiError.Forbidden("Vous ne pouvez pas désactiver votre propre compte.") : null;

    protected override void Toggle(User user)
    {
        user.IsActive = !user.IsActive;
        if (!user.IsActive)
        {
            // Reactivating later must not bring back the sessions that were open when it was deactivated.
            user.RevokeSessions();
        }
    }
}

public sealed class AdminToggleDebug(GatewayDbContext db, UsageCounters counters, IOptions<GatewaySecurityOptions> security, TimeProvider time,
    AuthenticatedUserCache remembered) : AdminToggleUserEndpoint(db, counters, security, time, remembered)
{
    public override void Configure() => Map("/users/{id:guid}/toggle-debug", "AdminToggleDebug", "Switch a user's debug mode.");

    protected override void Toggle(User user) => user.DebugMode = !user.DebugMode;
}
