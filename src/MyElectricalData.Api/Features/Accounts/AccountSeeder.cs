using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using Npgsql;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary>
/// At start-up: grants the admin role to ADMIN_EMAILS accounts, and creates the read-only demo account with
/// its two PDLs when DEMO_ACCOUNT_ENABLED (default: on in Development). Idempotent, safe with replicas.
/// </summary>
public sealed partial class AccountSeeder(IServiceScopeFactory scopes, IConfiguration configuration, IHostEnvironment environment,
    ILogger<AccountSeeder> logger) : IHostedService
{
    public const string DemoPassword = "DemoPassword123!";

    public static readonly (string UsagePointId, string Name, bool Production, int Power)[] DemoPdls =
    [
        ("12345678901234", "Demo - Main House", true, 9),
        ("98765432109876", "Demo - Apartment", false, 6),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var security = scope.ServiceProvider.GetRequiredService<IOptions<GatewaySecurityOptions>>().Value;
        if (security.AdminEmails.Count > 0)
        {
            var adminRole = SeedRoles.IdOf(SeedRoles.Admin);
            var admins = security.AdminEmails.ToList();
            var granted = await db.Users.Where(u => admins.Contains(u.Email) && u.RoleId != adminRole)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.RoleId, adminRole), cancellationToken);
            if (granted > 0)
            {
                LogAdminsGranted(logger, granted);
            }
        }
        var demoEnabled = configuration["DEMO_ACCOUNT_ENABLED"] is { Length: > 0 } value
            ? GatewaySecurityOptionsSetup.Bool(value, false, "DEMO_ACCOUNT_ENABLED")
            : environment.IsDevelopment();
        if (demoEnabled)
        {
            await SeedDemoAsync(scope.ServiceProvider, db, cancellationToken);
        }
    }

    private static async Task SeedDemoAsync(IServiceProvider services, GatewayDbContext db, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        // The demo meters are generated, not read from Enedis: bound to a consent that never ends, so that they read like any
        // consented PDL (including in databases seeded before consents were bound).
        var demoConsentEnds = now.AddYears(100);
        if (await db.Users.AnyAsync(u => u.Email == CurrentUser.DemoEmail, cancellationToken))
        {
            await db.Pdls.Where(p => p.User!.Email == CurrentUser.DemoEmail && p.ConsentExpiresAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ConsentGrantedAt, now).SetProperty(p => p.ConsentExpiresAt, demoConsentEnds), cancellationToken);
            return;
        }
        var secrets = services.GetRequiredService<SecretProtector>();
        var hasher = services.GetRequiredService<IPasswordHasher<User>>();
        var secret = SecretProtector.NewClientSecret();
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Email = CurrentUser.DemoEmail,
            PasswordHash = "",
            ClientId = SecretProtector.NewClientId(),
            ClientSecretHash = secrets.HashSecret(secret),
            ClientSecretEncrypted = [],
            EmailVerified = true,
            DebugMode = true,
            RoleId = SeedRoles.IdOf(SeedRoles.Visitor),
            CreatedAt = now,
            UpdatedAt = now,
        };
        user.PasswordHash = hasher.HashPassword(user, DemoPassword);
        user.ClientSecretEncrypted = secrets.Encrypt(secret, user.Id);
        user.Pdls = [.. DemoPdls.Select((p, i) => new Pdl
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            UsagePointId = p.UsagePointId,
            Name = p.Name,
            DisplayOrder = i,
            HasConsumption = true,
            HasProduction = p.Production,
            SubscribedPower = p.Power,
            ConsentGrantedAt = now,
            ConsentExpiresAt = demoConsentEnds,
            CreatedAt = now,
            UpdatedAt = now,
        })];
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another replica created it first.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Granted the admin role to {Count} account(s) listed in ADMIN_EMAILS")]
    private static partial void LogAdminsGranted(ILogger logger, int count);
}
