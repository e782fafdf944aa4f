using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Accounts;

public sealed class ForgotPasswordRequest
{
    public string? Email { get; init; }
}

public sealed class ForgotPasswordValidator : Validator<ForgotPasswordRequest>
{
    public ForgotPasswordValidator() => RuleFor(r => r.Email).ValidEmail();
}

/// <summary><c>POST /api/accounts/forgot-password</c>: mails a reset link; the same answer whether the account exists or not.</summary>
public sealed class ForgotPassword(GatewayDbContext db, EmailTokens tokens) : Endpoint<ForgotPasswordRequest, Results<Ok<ApiResponse<MessageResponse>>, ApiError>>
{
    public override void Configure()
    {
        Post("/forgot-password");
        Group<AccountsGroup>();
        AllowAnonymous();
        Description(b => b.WithName("ForgotPassword"));
        Summary(s => s.Summary = "E-mail a password reset link (always answers success: no account enumeration).");
    }

    public override async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ExecuteAsync(ForgotPasswordRequest request, CancellationToken ct)
    {
        var email = AccountRules.NormalizeEmail(request.Email!);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email && u.IsActive, ct);
        if (user is not null && user.Email != CurrentUser.DemoEmail)
        {
            await tokens.SendPasswordResetAsync(user, ct);
        }
        return Envelope.Ok(new MessageResponse("Si un compte existe pour cette adresse, un e-mail de réinitialisation a été envoyé."));
    }
}
