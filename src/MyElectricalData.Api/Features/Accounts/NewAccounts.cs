using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using Npgsql;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary>Creates an account: its role (admin for ADMIN_EMAILS), hashed password and API credentials (hashed and encrypted).</summary>
public sealed class NewAccounts(GatewayDbContext db, SecretProtector secrets, IPasswordHasher<User> hasher, IOptions<GatewaySecurityOptions> security, TimeProvider time)
{
    /// <summary>The new user and their client_secret (shown once), or null when the address already has an account.</summary>
    public async Task<(User User, string ClientSecret)?> CreateAsync(string email, string password, CancellationToken cancellationToken)
    {
        email = AccountRules.NormalizeEmail(email);
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return null;
        }
        var now = time.GetUtcNow();
        var clientSecret = SecretProtector.NewClientSecret();
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Email = email,
            PasswordHash = "",
            ClientId = SecretProtector.NewClientId(),
            ClientSecretHash = secrets.HashSecret(clientSecret),
            ClientSecretEncrypted = [],
            RoleId = SeedRoles.IdOf(security.Value.IsAdminEmail(email) ? SeedRoles.Admin : SeedRoles.Visitor),
            CreatedAt = now,
            UpdatedAt = now,
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        user.ClientSecretEncrypted = secrets.Encrypt(clientSecret, user.Id);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return null;
        }
        return (user, clientSecret);
    }
}
