using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Data.Accounts;

namespace MyElectricalData.Api.Features.Accounts;

public sealed record PermissionDto(Guid Id, string Name, string DisplayName, string Resource);

public sealed record RoleDto(Guid Id, string Name, string DisplayName, string? Description, bool IsSystem, IReadOnlyList<PermissionDto> Permissions)
{
    public static RoleDto? From(Role? role) => role is null ? null
        : new RoleDto(role.Id, role.Name, role.DisplayName, role.Description, role.IsSystem,
            [.. role.Permissions.OrderBy(p => p.Name).Select(p => new PermissionDto(p.Id, p.Name, p.DisplayName, p.Resource))]);
}

/// <summary>An account as its owner (and admins) see it.</summary>
public sealed record UserProfile(Guid Id, string Email, string ClientId, bool IsActive, bool EmailVerified, DateTimeOffset CreatedAt,
    bool IsAdmin, bool DebugMode, RoleDto? Role)
{
    public static UserProfile From(User user, GatewaySecurityOptions security) => new(user.Id, user.Email, user.ClientId, user.IsActive,
        user.EmailVerified, user.CreatedAt, CurrentUser.IsAdmin(user, security), user.DebugMode, RoleDto.From(user.Role));
}
