using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MyElectricalData.Data.Accounts;

public sealed class Role
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string DisplayName { get; set; }

    public string? Description { get; set; }

    /// <summary>Seeded roles (admin, moderator, visitor): never renamed, re-permissioned or deleted.</summary>
    public bool IsSystem { get; set; }

    public List<Permission> Permissions { get; set; } = [];
}

public sealed class Permission
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string DisplayName { get; set; }

    public required string Resource { get; set; }
}

internal sealed class RoleConfiguration : IEntityTypeConfiguration<Role>
{
    public void Configure(EntityTypeBuilder<Role> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(50);
        builder.HasIndex(r => r.Name).IsUnique();
        builder.Property(r => r.DisplayName).HasMaxLength(100);
        builder.Property(r => r.Description).HasMaxLength(500);
        builder.HasData(SeedRoles.All.Select(r => new { r.Id, r.Name, r.DisplayName, r.Description, IsSystem = true }));
        builder.HasMany(r => r.Permissions).WithMany().UsingEntity<Dictionary<string, object>>("role_permissions",
            right => right.HasOne<Permission>().WithMany().HasForeignKey("PermissionsId").OnDelete(DeleteBehavior.Cascade),
            left => left.HasOne<Role>().WithMany().HasForeignKey("RoleId").OnDelete(DeleteBehavior.Cascade),
            join => join.HasData(SeedRoles.All.SelectMany(r => r.Permissions.Select(p => new Dictionary<string, object>
            {
                ["RoleId"] = r.Id,
                ["PermissionsId"] = SeedRoles.Permissions.Single(x => x.Name == p).Id,
            }))));
    }
}

internal sealed class PermissionConfiguration : IEntityTypeConfiguration<Permission>
{
    public void Configure(EntityTypeBuilder<Permission> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(50);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.Property(p => p.DisplayName).HasMaxLength(100);
        builder.Property(p => p.Resource).HasMaxLength(50);
        builder.HasData(SeedRoles.Permissions);
    }
}

/// <summary>The roles and permissions every deployment has (SPEC §4), with fixed ids so migrations seed them.</summary>
public static class SeedRoles
{
    public const string Admin = "admin";
    public const string Moderator = "moderator";
    public const string Visitor = "visitor";

    public static readonly Permission[] Permissions =
    [
        new() { Id = Guid.Parse("6f1c2a10-0000-4000-8000-000000000001"), Name = "admin_dashboard", DisplayName = "Tableau de bord admin", Resource = "admin" },
        new() { Id = Guid.Parse("6f1c2a10-0000-4000-8000-000000000002"), Name = "users", DisplayName = "Voir les utilisateurs", Resource = "users" },
        new() { Id = Guid.Parse("6f1c2a10-0000-4000-8000-000000000003"), Name = "users.edit", DisplayName = "Modifier les utilisateurs", Resource = "users" },
        new() { Id = Guid.Parse("6f1c2a10-0000-4000-8000-000000000004"), Name = "users.delete", DisplayName = "Supprimer des utilisateurs", Resource = "users" },
        new() { Id = Guid.Parse("6f1c2a10-0000-4000-8000-000000000005"), Name = "logs", DisplayName = "Voir les journaux", Resource = "logs" },
        new() { Id = Guid.Parse("6f1c2a10-0000-4000-8000-000000000006"), Name = "roles", DisplayName = "Gérer les rôles", Resource = "roles" },
    ];

    public sealed record SeedRole(Guid Id, string Name, string DisplayName, string Description, string[] Permissions);

    public static readonly SeedRole[] All =
    [
        new(Guid.Parse("6f1c2a10-0000-4000-8000-000000000101"), Admin, "Administrateur", "Accès complet", [.. Permissions.Select(p => p.Name)]),
        new(Guid.Parse("6f1c2a10-0000-4000-8000-000000000102"), Moderator, "Modérateur", "Gère les utilisateurs", ["admin_dashboard", "users", "users.edit", "logs"]),
        new(Guid.Parse("6f1c2a10-0000-4000-8000-000000000103"), Visitor, "Visiteur", "Utilisateur standard", []),
    ];

    public static Guid IdOf(string role) => All.Single(r => r.Name == role).Id;
}
