using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MyElectricalData.Data.Accounts;

/// <summary>
/// What a user granted on Enedis' consent page for one usage point: when, until when. The gateway calls
/// Enedis with the company's token; this record is the user's side of the agreement.
/// </summary>
public sealed class EnedisConsent
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public required string UsagePointId { get; set; }

    public DateTimeOffset GrantedAt { get; set; }

    /// <summary>Enedis' consent lasts the requested duration (P36M).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class EnedisConsentConfiguration : IEntityTypeConfiguration<EnedisConsent>
{
    public void Configure(EntityTypeBuilder<EnedisConsent> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.UsagePointId).HasMaxLength(14).IsFixedLength();
        builder.HasIndex(c => new { c.UserId, c.UsagePointId });
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
