using System.Diagnostics.CodeAnalysis;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Accounts;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

/// <summary>What the role routes share: the answer's shape, the refusals and resolving permission ids.</summary>
public static partial class RoleRules
{
    public const string NameMessage = "Le nom d'un rôle : 2 à 50 caractères parmi a-z, 0-9, '_' et '-'.";
    public const string DescriptionMessage = "La description ne doit pas dépasser 500 caractères.";

    public static bool IsName(string? name) => name is not null && RoleName().IsMatch(name);

    public static RoleWithUsers WithUsers(Role role, int users) => new(role.Id, role.Name, role.DisplayName, role.Description, role.IsSystem,
        [.. role.Permissions.OrderBy(p => p.Name).Select(p => new PermissionDto(p.Id, p.Name, p.DisplayName, p.Resource))], users);

    public static ApiError NotFound() => ApiError.NotFound(ErrorCodes.NotFound, "Rôle introuvable.");

    /// <summary>Why <paramref name="role"/> cannot be edited or deleted (absent, or a seeded system role); false when it can.</summary>
    public static bool CannotEdit([NotNullWhen(false)] Role? role, [NotNullWhen(true)] out ApiError? refusal)
    {
        refusal = role is null ? NotFound()
            : role.IsSystem ? ApiError.Forbidden("Les rôles système (admin, moderator, visitor) ne sont pas modifiables.")
            : null;
        return refusal is not null;
    }

    public static async Task<(List<Permission> Permissions, ApiError? Invalid)> ResolvePermissionsAsync(
        GatewayDbContext db, List<Guid>? ids, CancellationToken cancellationToken)
    {
        if (ids is null || ids.Count == 0)
        {
            return ([], null);
        }
        var distinct = ids.Distinct().ToList();
        var permissions = await db.Permissions.Where(p => distinct.Contains(p.Id)).ToListAsync(cancellationToken);
        return permissions.Count == distinct.Count
            ? (permissions, null)
            : ([], ApiError.Validation("permission_ids", "Permission inconnue."));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z0-9_-]{2,50}\z")]
    private static partial System.Text.RegularExpressions.Regex RoleName();
}

public sealed record RoleWithUsers(Guid Id, string Name, string DisplayName, string? Description, bool IsSystem,
    IReadOnlyList<PermissionDto> Permissions, int UserCount);
