using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MyElectricalData.Data.Accounts;

/// <summary>
/// One consent a user gave on Enedis' page for one usage point, as the callback received it: when, until when,
/// whether Enedis confirmed it (code exchanged), and when the gateway stopped honouring it (the PDL or the account was
/// deleted, or the usage point moved to another account). Kept after the account is deleted (user id cleared) until it
/// would have expired, because Enedis may still honour it: the callback then knows that the usage point was released by
/// someone else (ADR 0007).
/// </summary>
public sealed class EnedisConsent
{
    public Guid Id { get; set; }

    /// <summary>Null once the account that gave it was deleted.</summary>
    public Guid? UserId { get; set; }

    public required string UsagePointId { get; set; }

    public DateTimeOffset GrantedAt { get; set; }

    /// <summary>Enedis' consent lasts the requested duration (P36M).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Enedis confirmed the usage point for this consent's code (ENEDIS_CONSENT_CODE_EXCHANGE).</summary>
    public bool Verified { get; set; }

    /// <summary>When the gateway stopped honouring it; null while it binds the usage point to its user's PDL.</summary>
    public DateTimeOffset? EndedAt { get; set; }
}

internal sealed class EnedisConsentConfiguration : IEntityTypeConfiguration<EnedisConsent>
{
    public void Configure(EntityTypeBuilder<EnedisConsent> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.UsagePointId).HasMaxLength(14).IsFixedLength();
        builder.HasIndex(c => new { c.UserId, c.UsagePointId });
        builder.HasIndex(c => c.UsagePointId);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
