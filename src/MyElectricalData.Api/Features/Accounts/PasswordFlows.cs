using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Accounts;

public static class ForgotPassword
{
    public sealed record Request(string? Email);

    public static void Map(RouteGroupBuilder group) => group.MapPost("/forgot-password", HandleAsync)
        .WithName("ForgotPassword").WithSummary("E-mail a password reset link (always answers success: no account enumeration).");

    public static async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> HandleAsync(
        Request request, GatewayDbContext db, EmailTokens tokens, CancellationToken cancellationToken)
    {
        if (AccountRules.ValidateEmail(request.Email) is { } invalid)
        {
            return invalid;
        }
        var email = AccountRules.NormalizeEmail(request.Email!);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email && u.IsActive, cancellationToken);
        if (user is not null && user.Email != CurrentUser.DemoEmail)
        {
            await tokens.SendPasswordResetAsync(user, cancellationToken);
        }
        return Envelope.Ok(new MessageResponse("Si un compte existe pour cette adresse, un e-mail de réinitialisation a été envoyé."));
    }
}

public static class ResetPassword
{
    public sealed record Request(string? Token, string? NewPassword);

    public static void Map(RouteGroupBuilder group) => group.MapPost("/reset-password", HandleAsync)
        .WithName("ResetPassword").WithSummary("Set a new password with the token received by e-mail.");

    public static async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> HandleAsync(
        Request request, GatewayDbContext db, EmailTokens tokens, IPasswordHasher<User> hasher, TimeProvider time, Sessions sessions,
        CancellationToken cancellationToken)
    {
        if (AccountRules.ValidatePassword(request.NewPassword, "new_password") is { } invalid)
        {
            return invalid;
        }
        var (userId, error) = await tokens.ConsumeAsync(request.Token, UserTokenPurpose.PasswordReset, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        user.PasswordHash = hasher.HashPassword(user, request.NewPassword!);
        user.UpdatedAt = time.GetUtcNow();
        // Whoever knew the old password may hold a session: all of them end.
        await sessions.RevokeAllAsync(db, user, renewCookieOf: null, cancellationToken);
        return Envelope.Ok(new MessageResponse("Mot de passe modifié. Vous pouvez vous connecter."));
    }
}

public static class VerifyEmail
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/verify-email", HandleAsync)
        .WithName("VerifyEmail").WithSummary("Confirm the e-mail address with the token received by e-mail.");

    public static async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> HandleAsync(
        string? token, GatewayDbContext db, EmailTokens tokens, TimeProvider time, CancellationToken cancellationToken)
    {
        var (userId, error) = await tokens.ConsumeAsync(token, UserTokenPurpose.EmailVerification, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        user.EmailVerified = true;
        user.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return Envelope.Ok(new MessageResponse("Adresse e-mail confirmée."));
    }
}

public static class UpdatePassword
{
    public sealed record Request(string? OldPassword, string? NewPassword);

    public static void Map(RouteGroupBuilder group) => group.MapPost("/update-password", HandleAsync)
        .WithName("UpdatePassword").WithSummary("Change the password, given the current one.");

    public static async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> HandleAsync(
        Request request, System.Security.Claims.ClaimsPrincipal principal, HttpContext http, GatewayDbContext db, IPasswordHasher<User> hasher,
        TimeProvider time, Sessions sessions, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.OldPassword))
        {
            return ApiError.Validation("old_password", "Le mot de passe actuel est requis.");
        }
        if (AccountRules.ValidatePassword(request.NewPassword, "new_password") is { } invalid)
        {
            return invalid;
        }
        var user = await db.Users.SingleAsync(u => u.Id == principal.Id(), cancellationToken);
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, request.OldPassword) == PasswordVerificationResult.Failed)
        {
            return new ApiError(StatusCodes.Status400BadRequest, ErrorCodes.InvalidCredentials, "Le mot de passe actuel est incorrect.", "old_password");
        }
        user.PasswordHash = hasher.HashPassword(user, request.NewPassword!);
        user.UpdatedAt = time.GetUtcNow();
        // Every other session ends; this browser keeps a fresh one.
        await sessions.RevokeAllAsync(db, user, http, cancellationToken);
        return Envelope.Ok(new MessageResponse("Mot de passe modifié."));
    }
}
