using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MyElectricalData.Data.Accounts;

/// <summary>
/// A point de livraison (meter) of one user. A usage point belongs to at most one account. Its data is served only
/// while it is bound to a consent the same user gave on Enedis' page (<see cref="ConsentExpiresAt"/>); a PDL added by
/// number waits for that consent.
/// </summary>
public sealed class Pdl
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public User? User { get; set; }

    /// <summary>Enedis' 14-digit usage point id.</summary>
    public required string UsagePointId { get; set; }

    public string? Name { get; set; }

    public int? DisplayOrder { get; set; }

    /// <summary>kVA, from the contract ("6 kVA" -> 6).</summary>
    public int? SubscribedPower { get; set; }

    /// <summary>Off-peak ranges such as "22:00-06:00".</summary>
    public List<string>? OffpeakHours { get; set; }

    public bool HasConsumption { get; set; } = true;

    public bool HasProduction { get; set; }

    public bool IsActive { get; set; } = true;

    public DateOnly? ActivationDate { get; set; }

    public DateOnly? OldestAvailableDataDate { get; set; }

    /// <summary>Set when Enedis reports the consent revoked (ADAM-DC-0008); cleared by a new consent.</summary>
    public DateTimeOffset? ConsentRevokedAt { get; set; }

    /// <summary>When this user's own consent flow bound the usage point to this PDL; null while awaiting consent.</summary>
    public DateTimeOffset? ConsentGrantedAt { get; set; }

    /// <summary>End of the bound consent (36 months after it was given).</summary>
    public DateTimeOffset? ConsentExpiresAt { get; set; }

    /// <summary>Whether its data may be read now: bound to a consent that has neither expired nor been revoked.</summary>
    public bool HasLiveConsent(DateTimeOffset now) => ConsentExpiresAt > now && ConsentRevokedAt is null;

    public void BindConsent(DateTimeOffset grantedAt, DateTimeOffset expiresAt)
    {
        ConsentGrantedAt = grantedAt;
        ConsentExpiresAt = expiresAt;
        ConsentRevokedAt = null;
        UpdatedAt = grantedAt;
    }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class PdlConfiguration : IEntityTypeConfiguration<Pdl>
{
    public void Configure(EntityTypeBuilder<Pdl> builder)
    {
        builder.ToTable("pdls");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.UsagePointId).HasMaxLength(14).IsFixedLength();
        builder.HasIndex(p => p.UsagePointId).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.HasIndex(p => p.UserId);
        builder.HasOne(p => p.User).WithMany(u => u.Pdls).HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
