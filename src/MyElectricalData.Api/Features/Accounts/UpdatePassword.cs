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

public sealed class UpdatePasswordRequest
{
    public string? OldPassword { get; init; }

    public string? NewPassword { get; init; }
}

public sealed class UpdatePasswordValidator : Validator<UpdatePasswordRequest>
{
    public UpdatePasswordValidator()
    {
        RuleFor(r => r.OldPassword).Must(password => !string.IsNullOrEmpty(password)).WithMessage("Le mot de passe actuel est requis.");
        RuleFor(r => r.NewPassword).StrongPassword();
    }
}

/// <summary><c>POST /api/accounts/update-password</c>: given the current password; every other session ends.</summary>
public sealed class UpdatePassword(GatewayDbContext db, IPasswordHasher<User> hasher, TimeProvider time, Sessions sessions)
    : Endpoint<UpdatePasswordRequest, Results<Ok<ApiResponse<MessageResponse>>, ApiError>>
{
    public override void Configure()
    {
        Post("/update-password");
        Group<AccountsGroup>();
        Description(b => b.WithName("UpdatePassword"));
        Summary(s => s.Summary = "Change the password, given the current one.");
    }

    public override async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ExecuteAsync(UpdatePasswordRequest request, CancellationToken ct)
    {
        var user = await db.Users.SingleAsync(u => u.Id == User.Id(), ct);
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, request.OldPassword!) == PasswordVerificationResult.Failed)
        {
            return new ApiError(StatusCodes.Status400BadRequest, ErrorCodes.InvalidCredentials, "Le mot de passe actuel est incorrect.", "old_password");
        }
        user.PasswordHash = hasher.HashPassword(user, request.NewPassword!);
        user.UpdatedAt = time.GetUtcNow();
        // Every other session ends; this browser keeps a fresh one.
        await sessions.RevokeAllAsync(db, user, HttpContext, ct);
        return Envelope.Ok(new MessageResponse("Mot de passe modifié."));
    }
}
