using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Accounts;

public sealed class LoginRequest
{
    public string? Email { get; init; }

    public string? Password { get; init; }
}

public sealed class LoginValidator : Validator<LoginRequest>
{
    public LoginValidator()
    {
        RuleFor(r => r.Email).Must(email => !string.IsNullOrWhiteSpace(email)).WithMessage("L'adresse e-mail est requise.");
        RuleFor(r => r.Password).Must(password => !string.IsNullOrEmpty(password)).WithMessage("Le mot de passe est requis.");
    }
}

public sealed record LoginResponse(string Message, string AccessToken, string TokenType, long ExpiresIn);

/// <summary><c>POST /api/accounts/login</c>: email and password, under the brute-force limits; sets the session cookie.</summary>
public sealed class Login(GatewayDbContext db, PasswordCheck passwords, JwtTokens jwt, LoginThrottle throttle, IOptions<GatewaySecurityOptions> security)
    : Endpoint<LoginRequest, Results<Ok<ApiResponse<LoginResponse>>, ApiError>>
{
    public override void Configure()
    {
        Post("/login");
        Group<AccountsGroup>();
        AllowAnonymous();
        Description(b => b.WithName("Login"));
        Summary(s => s.Summary = "Log in with email and password; sets the access_token cookie.");
    }

    public override async Task<Results<Ok<ApiResponse<LoginResponse>>, ApiError>> ExecuteAsync(LoginRequest request, CancellationToken ct)
    {
        var email = AccountRules.NormalizeEmail(request.Email!);
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (await throttle.TryBeginAsync(email, address) is { } refused)
        {
            return refused;
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        if (!passwords.Verify(user, request.Password!))
        {
            await throttle.FailedAsync(email, address);
            return ApiError.Unauthorized(ErrorCodes.InvalidCredentials, "Adresse e-mail ou mot de passe incorrect.");
        }
        await throttle.SucceededAsync(email, address);
        if (!user.IsActive)
        {
            return ApiError.Forbidden("Ce compte est désactivé.", ErrorCodes.UserInactive);
        }
        if (security.Value.RequireEmailVerification && !user.EmailVerified)
        {
            return ApiError.Forbidden("Confirmez d'abord votre adresse e-mail (lien reçu par e-mail).", ErrorCodes.AccessDenied);
        }

        var token = jwt.Issue(user);
        AuthCookie.Set(HttpContext, token, jwt.Lifetime, security.Value);
        return Envelope.Ok(new LoginResponse("Connexion réussie.", token, "bearer", (long)jwt.Lifetime.TotalSeconds));
    }
}
