using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary><c>DELETE /api/accounts/me</c>.</summary>
public sealed class DeleteMe(AccountDeletion deletion, IOptions<GatewaySecurityOptions> security) : EndpointWithoutRequest<Results<Ok<ApiResponse<MessageResponse>>, ApiError>>
{
    public override void Configure()
    {
        Delete("/me");
        Group<AccountsGroup>();
        Description(b => b.WithName("DeleteMe"));
        Summary(s => s.Summary = "Delete the account irreversibly: PDLs, consents, tokens, cache and counters.");
    }

    public override async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ExecuteAsync(CancellationToken ct)
    {
        await deletion.DeleteAsync(User.Id(), ct);
        AuthCookie.Clear(HttpContext, security.Value);
        return Envelope.Ok(new MessageResponse("Compte supprimé définitivement."));
    }
}
