using FastEndpoints;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary><c>/api/accounts</c>: sign-up, sessions, tokens, passwords and the caller's own account.</summary>
public sealed class AccountsGroup : Group
{
    public AccountsGroup() => Configure("/api/accounts", endpoint =>
    {
        endpoint.Description(builder => builder.WithTags("Accounts").WithErrorResponses());
    });
}
