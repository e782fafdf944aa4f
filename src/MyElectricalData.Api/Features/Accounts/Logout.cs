using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary><c>POST /api/accounts/logout</c>: clears the cookie and ends every session of the account.</summary>
public sealed class Logout(IOptions<GatewaySecurityOptions> security, GatewayDbContext db, Sessions sessions) : EndpointWithoutRequest<Ok<ApiResponse<MessageResponse>>>
{
    public override void Configure()
    {
        Post("/logout");
        Group<AccountsGroup>();
        AllowAnonymous();
        Description(b => b.WithName("Logout"));
        Summary(s => s.Summary = "Log out everywhere: clear the access_token cookie and end every session and token of the account.");
    }

    public override async Task<Ok<ApiResponse<MessageResponse>>> ExecuteAsync(CancellationToken ct)
    {
        AuthCookie.Clear(HttpContext, security.Value);
        // "All sessions": a stolen token or a forgotten browser ends with this one. The demo account's sessions are shared by
        // everyone who tries it, so one visitor's logout does not end the others'.
        if (User.Identity?.IsAuthenticated == true && !User.IsDemo()
            && await db.Users.SingleOrDefaultAsync(u => u.Id == User.Id(), ct) is { } user)
        {
            await sessions.RevokeAllAsync(db, user, renewCookieOf: null, ct);
        }
        return Envelope.Ok(new MessageResponse("Déconnexion réussie."));
    }
}
