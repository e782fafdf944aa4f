using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Accounts;

public sealed class VerifyEmailRequest
{
    [QueryParam]
    public string? Token { get; init; }
}

/// <summary><c>GET /api/accounts/verify-email?token=</c>: the link of the verification mail.</summary>
public sealed class VerifyEmail(GatewayDbContext db, EmailTokens tokens, TimeProvider time) : Endpoint<VerifyEmailRequest, Results<Ok<ApiResponse<MessageResponse>>, ApiError>>
{
    public override void Configure()
    {
        Get("/verify-email");
        Group<AccountsGroup>();
        AllowAnonymous();
        Description(b => b.WithName("VerifyEmail"));
        Summary(s => s.Summary = "Confirm the e-mail address with the token received by e-mail.");
    }

    public override async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ExecuteAsync(VerifyEmailRequest request, CancellationToken ct)
    {
        var (userId, error) = await tokens.ConsumeAsync(request.Token, UserTokenPurpose.EmailVerification, ct);
        if (error is not null)
        {
            return error;
        }
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        user.EmailVerified = true;
        user.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Envelope.Ok(new MessageResponse("Adresse e-mail confirmée."));
    }
}
