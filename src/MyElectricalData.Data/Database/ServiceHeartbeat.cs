using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MyElectricalData.Data.Database;

/// <summary>The last sign of life of each running service instance (the worker's heartbeat job writes it).</summary>
public sealed class ServiceHeartbeat
{
    public required string InstanceId { get; set; }

    public required string Service { get; set; }

    public DateTimeOffset BeatAt { get; set; }

    public DateTimeOffset StartedAt { get; set; }
}

internal sealed class ServiceHeartbeatConfiguration : IEntityTypeConfiguration<ServiceHeartbeat>
{
    public void Configure(EntityTypeBuilder<ServiceHeartbeat> builder)
    {
        builder.HasKey(h => h.InstanceId);
        builder.Property(h => h.InstanceId).HasMaxLength(100);
        builder.Property(h => h.Service).HasMaxLength(100);
        builder.HasIndex(h => new { h.Service, h.BeatAt });
    }
}
