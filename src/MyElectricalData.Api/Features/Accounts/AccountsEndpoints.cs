using MyElectricalData.Api.Infrastructure;
namespace MyElectricalData.Api.Features.Accounts;

public static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var anonymous = app.MapGroup("/api/accounts").WithTags("Accounts").AllowAnonymous();
        Signup.Map(anonymous);
        Login.Map(anonymous);
        Logout.Map(anonymous);
        IssueToken.Map(anonymous);
        ForgotPassword.Map(anonymous);
        ResetPassword.Map(anonymous);
        VerifyEmail.Map(anonymous);

        var account = app.MapGroup("/api/accounts").WithTags("Accounts").RequireAuthorization().WithErrorResponses();
        GetMe.Map(account);
        GetCredentials.Map(account);
        RegenerateSecret.Map(account);
        DeleteMe.Map(account);
        GetUsageStats.Map(account);
        UpdatePassword.Map(account);
        return app;
    }
}
