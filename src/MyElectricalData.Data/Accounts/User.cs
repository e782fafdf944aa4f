using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MyElectricalData.Data.Accounts;

/// <summary>
/// A person's account. Secrets are never stored in clear: the password is a slow salted hash; the API
/// secret is stored twice, as a keyed hash (constant-time lookup of a bearer secret) and encrypted (so the
/// owner can read it again), both keyed from configuration, never from the database.
/// </summary>
public sealed class User
{
    public Guid Id { get; set; }

    /// <summary>Lower-cased, trimmed.</summary>
    public required string Email { get; set; }

    public required string PasswordHash { get; set; }

    public required string ClientId { get; set; }

    /// <summary>HMAC-SHA256 of the client secret (hex), unique.</summary>
    public required string ClientSecretHash { get; set; }

    /// <summary>AES-GCM ciphertext of the client secret (nonce | tag | ciphertext).</summary>
    public required byte[] ClientSecretEncrypted { get; set; }

    public bool IsActive { get; set; } = true;

    public bool EmailVerified { get; set; }

    public bool DebugMode { get; set; }

    /// <summary>
    /// Changes whenever every session must end (secret regenerated, password reset or changed, logout, deactivation):
    /// each JWT carries the stamp it was issued with and stops working once it differs.
    /// </summary>
    public string SecurityStamp { get; set; } = NewSecurityStamp();

    public Guid? RoleId { get; set; }

    public Role? Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<Pdl> Pdls { get; set; } = [];

    /// <summary>Ends every session and token issued so far (the caller saves and then forgets the user's remembered entries).</summary>
    public void RevokeSessions() => SecurityStamp = NewSecurityStamp();

    public static string NewSecurityStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Email).HasMaxLength(254);
        builder.HasIndex(u => u.Email).IsUnique();
        builder.Property(u => u.PasswordHash).HasMaxLength(200);
        builder.Property(u => u.ClientId).HasMaxLength(64);
        builder.HasIndex(u => u.ClientId).IsUnique();
        builder.Property(u => u.ClientSecretHash).HasMaxLength(64);
        builder.HasIndex(u => u.ClientSecretHash).IsUnique();
        builder.Property(u => u.SecurityStamp).HasMaxLength(32);
        builder.HasOne(u => u.Role).WithMany().HasForeignKey(u => u.RoleId).OnDelete(DeleteBehavior.SetNull);
    }
}
