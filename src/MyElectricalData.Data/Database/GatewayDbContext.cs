using Microsoft.EntityFrameworkCore;
using MyElectricalData.Data.Accounts;

namespace MyElectricalData.Data.Database;

/// <summary>The gateway's PostgreSQL model. Tables and columns are snake_case; one configuration class per entity.</summary>
public sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    public DbSet<ServiceHeartbeat> ServiceHeartbeats => Set<ServiceHeartbeat>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Pdl> Pdls => Set<Pdl>();

    public DbSet<EnedisConsent> EnedisConsents => Set<EnedisConsent>();

    public DbSet<UserToken> UserTokens => Set<UserToken>();

    public DbSet<Role> Roles => Set<Role>();

    public DbSet<Permission> Permissions => Set<Permission>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GatewayDbContext).Assembly);
        SnakeCaseNames.Apply(modelBuilder);
    }
}
