using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Accounts;

public sealed record CredentialsResponse(string ClientId, string ClientSecret);

/// <summary><c>GET /api/accounts/credentials</c>: the secret, decrypted for its owner only, never cached by a browser or proxy.</summary>
public sealed class GetCredentials(GatewayDbContext db, SecretProtector secrets) : EndpointWithoutRequest<Results<Ok<ApiResponse<CredentialsResponse>>, ApiError>>
{
    public override void Configure()
    {
        Get("/credentials");
        Group<AccountsGroup>();
        Description(b => b.WithName("GetCredentials"));
        Summary(s => s.Summary = "The API credentials (the secret is decrypted for its owner only).");
    }

    public override async Task<Results<Ok<ApiResponse<CredentialsResponse>>, ApiError>> ExecuteAsync(CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == User.Id(), ct);
        HttpContext.Response.Headers.CacheControl = "no-store";
        return Envelope.Ok(new CredentialsResponse(user.ClientId, secrets.Decrypt(user.ClientSecretEncrypted, user.Id)));
    }
}
