using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Accounts;

public sealed record RegenerateSecretResponse(string ClientId, string ClientSecret, string Message);

/// <summary><c>POST /api/accounts/regenerate-secret</c>: the old secret and every session stop working; the cache it sealed is purged.</summary>
public sealed class RegenerateSecret(GatewayDbContext db, SecretProtector secrets, MeterCache cache, TimeProvider time, Sessions sessions)
    : EndpointWithoutRequest<Results<Ok<ApiResponse<RegenerateSecretResponse>>, ApiError>>
{
    public override void Configure()
    {
        Post("/regenerate-secret");
        Group<AccountsGroup>();
        Description(b => b.WithName("RegenerateSecret"));
        Summary(s => s.Summary = "Issue a new client_secret; the old one stops working at once and the cache is purged.");
    }

    public override async Task<Results<Ok<ApiResponse<RegenerateSecretResponse>>, ApiError>> ExecuteAsync(CancellationToken ct)
    {
        var user = await db.Users.Include(u => u.Pdls).SingleAsync(u => u.Id == User.Id(), ct);
        var secret = SecretProtector.NewClientSecret();
        user.ClientSecretHash = secrets.HashSecret(secret);
        user.ClientSecretEncrypted = secrets.Encrypt(secret, user.Id);
        user.UpdatedAt = time.GetUtcNow();
        // The old secret, and every token minted while it was valid, must stop working on every replica now; this browser
        // keeps a fresh session.
        await sessions.RevokeAllAsync(db, user, HttpContext, ct);
        // The cache was encrypted with a key derived from the old secret: it is unreadable now anyway.
        await cache.ForgetUsagePointsAsync(user.Pdls.Select(p => p.UsagePointId));
        HttpContext.Response.Headers.CacheControl = "no-store";
        return Envelope.Ok(new RegenerateSecretResponse(user.ClientId, secret, "Nouveau secret généré ; l'ancien ne fonctionne plus."));
    }
}
