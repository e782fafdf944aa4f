using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary>Single-use tokens sent by e-mail (verification 24 h, password reset 1 h); only their hash is stored.</summary>
public sealed class EmailTokens(GatewayDbContext db, IEmailSender email, IConfiguration configuration, TimeProvider time)
{
    public static readonly TimeSpan VerificationLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(1);

    private string FrontendUrl => (configuration["FRONTEND_URL"] ?? configuration["BACKEND_URL"] ?? "http://127.0.0.1:5080").TrimEnd('/');

    private string BackendUrl => (configuration["BACKEND_URL"] ?? "http://127.0.0.1:5080").TrimEnd('/');

    public async Task SendVerificationAsync(User user, CancellationToken cancellationToken)
    {
        var token = await IssueAsync(user.Id, UserTokenPurpose.EmailVerification, VerificationLifetime, cancellationToken);
        await email.SendAsync(new EmailMessage(EmailKind.EmailVerification, user.Email, "Confirmez votre adresse e-mail",
            $"Bienvenue sur MyElectricalData ! Confirmez votre adresse : {BackendUrl}/api/accounts/verify-email?token={token}"), cancellationToken);
    }

    public async Task SendPasswordResetAsync(User user, CancellationToken cancellationToken)
    {
        var token = await IssueAsync(user.Id, UserTokenPurpose.PasswordReset, ResetLifetime, cancellationToken);
        await email.SendAsync(new EmailMessage(EmailKind.PasswordReset, user.Email, "Réinitialisation du mot de passe",
            $"Pour choisir un nouveau mot de passe (lien valable 1 heure) : {FrontendUrl}/reset-password?token={token}"), cancellationToken);
    }

    /// <summary>Marks the token used and returns its user, or the error to answer with.</summary>
    public async Task<(Guid? UserId, ApiError? Error)> ConsumeAsync(string? token, UserTokenPurpose purpose, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return (null, ApiError.Validation("token", "Le jeton est requis."));
        }
        var hash = SecretProtector.HashToken(token.Trim());
        var stored = await db.UserTokens.SingleOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == purpose, cancellationToken);
        if (stored is null || stored.UsedAt is not null)
        {
            return (null, new ApiError(StatusCodes.Status400BadRequest, ErrorCodes.InvalidToken, "Ce lien n'est pas valide ou a déjà été utilisé.", "token"));
        }
        if (stored.ExpiresAt <= time.GetUtcNow())
        {
            return (null, new ApiError(StatusCodes.Status400BadRequest, ErrorCodes.TokenExpired, "Ce lien a expiré : demandez-en un nouveau.", "token"));
        }
        stored.UsedAt = time.GetUtcNow();
        return (stored.UserId, null);
    }

    private async Task<string> IssueAsync(Guid userId, UserTokenPurpose purpose, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var token = SecretProtector.NewEmailToken();
        var now = time.GetUtcNow();
        db.UserTokens.Add(new UserToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Purpose = purpose,
            TokenHash = SecretProtector.HashToken(token),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }
}
