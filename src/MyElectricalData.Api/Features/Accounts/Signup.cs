using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Accounts;

public sealed class SignupRequest
{
    public string? Email { get; init; }

    public string? Password { get; init; }

    public string? TurnstileToken { get; init; }
}

public sealed class SignupValidator : Validator<SignupRequest>
{
    public SignupValidator()
    {
        RuleFor(r => r.Email).ValidEmail();
        RuleFor(r => r.Password).StrongPassword();
    }
}

public sealed record SignupResponse(string ClientId, string ClientSecret, string Message);

/// <summary><c>POST /api/accounts/signup</c>: a new account; its API credentials are shown once.</summary>
public sealed class Signup(NewAccounts accounts, EmailTokens emailTokens) : Endpoint<SignupRequest, Results<Created<ApiResponse<SignupResponse>>, ApiError>>
{
    public override void Configure()
    {
        Post("/signup");
        Group<AccountsGroup>();
        AllowAnonymous();
        Description(b => b.WithName("Signup"));
        Summary(s => s.Summary = "Create an account; returns the API credentials once.");
    }

    public override async Task<Results<Created<ApiResponse<SignupResponse>>, ApiError>> ExecuteAsync(SignupRequest request, CancellationToken ct)
    {
        if (await accounts.CreateAsync(request.Email!, request.Password!, ct) is not var (user, clientSecret))
        {
            return ApiError.Conflict(ErrorCodes.UserExists, "Un compte existe déjà avec cette adresse e-mail.", "email");
        }
        await emailTokens.SendVerificationAsync(user, ct);
        return Envelope.Created("/api/accounts/me", new SignupResponse(user.ClientId, clientSecret,
            "Compte créé. Conservez votre client_secret : il ne sera plus affiché sans confirmation."));
    }
}
