using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary><c>GET /api/accounts/me</c>.</summary>
public sealed class GetMe(GatewayDbContext db, IOptions<GatewaySecurityOptions> security) : EndpointWithoutRequest<Results<Ok<ApiResponse<UserProfile>>, ApiError>>
{
    public override void Configure()
    {
        Get("/me");
        Group<AccountsGroup>();
        Description(b => b.WithName("GetMe"));
        Summary(s => s.Summary = "The authenticated user's account, role and permissions.");
    }

    public override async Task<Results<Ok<ApiResponse<UserProfile>>, ApiError>> ExecuteAsync(CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.Role).ThenInclude(r => r!.Permissions).SingleAsync(u => u.Id == User.Id(), ct);
        return Envelope.Ok(UserProfile.From(user, security.Value));
    }
}
