using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MyElectricalData.Data.Database;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a server (it never connects).</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<GatewayDbContext>
{
    public GatewayDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GatewayDbContext>().UseNpgsql("Host=localhost;Database=myelectricaldata").Options);
}
