using Microsoft.EntityFrameworkCore;

namespace MyElectricalData.Data.Database;

/// <summary>The gateway's PostgreSQL model. Tables and columns are snake_case; one configuration class per entity.</summary>
public sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    public DbSet<ServiceHeartbeat> ServiceHeartbeats => Set<ServiceHeartbeat>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GatewayDbContext).Assembly);
        SnakeCaseNames.Apply(modelBuilder);
    }
}
