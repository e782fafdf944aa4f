namespace MyElectricalData.Api.Features.Accounts;

public static class AccountsRegistration
{
    /// <summary>The services of the account endpoints, and the seeding of the demo and admin accounts.</summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<EmailTokens>();
        builder.Services.AddScoped<NewAccounts>();
        builder.Services.AddScoped<AccountDeletion>();
        builder.Services.AddHostedService<AccountSeeder>();
        return builder;
    }
}
