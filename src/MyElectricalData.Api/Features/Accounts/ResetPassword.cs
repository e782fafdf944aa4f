using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Accounts;

public sealed class ResetPasswordRequest
{
    public string? Token { get; init; }

    public string? NewPassword { get; init; }
}

public sealed class ResetPasswordValidator : Validator<ResetPasswordRequest>
{
    public ResetPasswordValidator() => RuleFor(r => r.NewPassword).StrongPassword();
}

/// <summary><c>POST /api/accounts/reset-password</c>: a new password with the mailed single-use token; every session ends.</summary>
public sealed class ResetPassword(GatewayDbContext db, EmailTokens tokens, IPasswordHasher<User> hasher, TimeProvider time, Sessions sessions)
    : Endpoint<ResetPasswordRequest, Results<Ok<ApiResponse<MessageResponse>>, ApiError>>
{
    public override void Configure()
    {
        Post("/reset-password");
        Group<AccountsGroup>();
        AllowAnonymous();
        Description(b => b.WithName("ResetPassword"));
        Summary(s => s.Summary = "Set a new password with the token received by e-mail.");
    }

    public override async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ExecuteAsync(ResetPasswordRequest request, CancellationToken ct)
    {
        var (userId, error) = await tokens.ConsumeAsync(request.Token, UserTokenPurpose.PasswordReset, ct);
        if (error is not null)
        {
            return error;
        }
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        user.PasswordHash = hasher.HashPassword(user, request.NewPassword!);
        user.UpdatedAt = time.GetUtcNow();
        // Whoever knew the old password may hold a session: all of them end.
        await sessions.RevokeAllAsync(db, user, renewCookieOf: null, ct);
        return Envelope.Ok(new MessageResponse("Mot de passe modifié. Vous pouvez vous connecter."));
    }
}
