using MyElectricalData.Api.Features.Accounts;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;

namespace MyElectricalData.Api.Features.Admin;

public sealed record UsageDto(long CachedRequests, long NoCacheRequests);

/// <summary>An account as admins see it: flags and counts, never secrets or meter data.</summary>
public sealed record AdminUserDto(Guid Id, string Email, string ClientId, bool IsActive, bool EmailVerified, bool IsAdmin, bool DebugMode,
    DateTimeOffset CreatedAt, RoleDto? Role, int PdlCount, UsageDto UsageToday)
{
    public static AdminUserDto From(User user, int pdlCount, UsageToday usage, GatewaySecurityOptions security) => new(user.Id, user.Email, user.ClientId,
        user.IsActive, user.EmailVerified, CurrentUser.IsAdmin(user, security), user.DebugMode, user.CreatedAt, RoleDto.From(user.Role), pdlCount,
        new UsageDto(usage.CachedRequests, usage.NoCacheRequests));

    public static ApiError NotFound() => ApiError.NotFound(ErrorCodes.NotFound, "Utilisateur introuvable.");
}
