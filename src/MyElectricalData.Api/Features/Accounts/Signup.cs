using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using Npgsql;

namespace MyElectricalData.Api.Features.Accounts;

public static class Signup
{
    public sealed record Request(string? Email, string? Password, string? TurnstileToken);

    public sealed record Response(string ClientId, string ClientSecret, string Message);

    public static void Map(RouteGroupBuilder group) => group.MapPost("/signup", HandleAsync)
        .WithName("Signup").WithSummary("Create an account; returns the API credentials once.");

    public static async Task<Results<Created<ApiResponse<Response>>, ApiError>> HandleAsync(
        Request request, GatewayDbContext db, SecretProtector secrets, IPasswordHasher<User> hasher, EmailTokens emailTokens,
        Microsoft.Extensions.Options.IOptions<SecurityOptions> security, TimeProvider time, CancellationToken cancellationToken)
    {
        if (AccountRules.ValidateEmail(request.Email) is { } invalidEmail)
        {
            return invalidEmail;
        }
        if (AccountRules.ValidatePassword(request.Password) is { } invalidPassword)
        {
            return invalidPassword;
        }
        var email = AccountRules.NormalizeEmail(request.Email!);
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return UserExists();
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
        user.PasswordHash = hasher.HashPassword(user, request.Password!);
        user.ClientSecretEncrypted = secrets.Encrypt(clientSecret, user.Id);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return UserExists();
        }
        await emailTokens.SendVerificationAsync(user, cancellationToken);

        return Envelope.Created("/api/accounts/me", new Response(user.ClientId, clientSecret,
            "Compte créé. Conservez votre client_secret : il ne sera plus affiché sans confirmation."));
    }

    private static ApiError UserExists() => ApiError.Conflict(ErrorCodes.UserExists, "Un compte existe déjà avec cette adresse e-mail.", "email");
}
