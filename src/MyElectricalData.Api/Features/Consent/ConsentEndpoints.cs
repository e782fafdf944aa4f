using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;
using MyElectricalData.Enedis;

namespace MyElectricalData.Api.Features.Consent;

/// <summary>
/// The consent round trip of SPEC §3/§4: the dashboard asks for Enedis' authorize URL, the user consents on
/// Enedis' page, Enedis sends the browser back to the callback (<see cref="ConsentCallback"/>), and the browser lands on the
/// dashboard with the counts (or an error code). The demo account can neither start nor receive a consent.
/// </summary>
public static class ConsentEndpoints
{
    public sealed record AuthorizeResponse(string AuthorizeUrl, string Description);

    public sealed record StateValidity(bool Valid);

    public static IEndpointRouteBuilder MapConsent(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/oauth").WithTags("Consent");
        group.MapGet("/authorize", AuthorizeAsync).RequireAuthorization().WithErrorResponses()
            .WithName("ConsentAuthorize").WithSummary("Enedis' consent page URL for the caller (state valid 10 minutes, single use).");
        group.MapGet("/callback", CallbackAsync).AllowAnonymous()
            .WithName("ConsentCallback").WithSummary("Where Enedis sends the browser back; redirects to the dashboard with the result.");
        group.MapGet("/verify-state", VerifyStateAsync).RequireAuthorization().WithErrorResponses()
            .WithName("ConsentVerifyState").WithSummary("Whether a consent state is still valid (does not consume it).");
        group.MapPost("/refresh/{usage_point_id}", RefreshAsync).RequireAuthorization().WithErrorResponses()
            .WithName("ConsentRefresh").WithSummary("Renew consent for one of the caller's PDLs: a new authorize URL (kept for compatibility).");
        return app;
    }

    private static async Task<Results<Ok<ApiResponse<AuthorizeResponse>>, ApiError>> AuthorizeAsync(HttpContext http, ConsentState states,
        IOptions<EnedisOptions> enedis, PublicUrls urls)
    {
        if (http.User.IsDemo())
        {
            return DemoRefused();
        }
        var state = await states.IssueAsync(http.User.Id());
        return Envelope.Ok(new AuthorizeResponse(AuthorizeUrl(state, enedis.Value, urls),
            "Vous allez être redirigé vers Enedis pour autoriser MyElectricalData à lire les données de vos compteurs (36 mois)."));
    }

    private static async Task<Results<Ok<ApiResponse<AuthorizeResponse>>, ApiError>> RefreshAsync(string usage_point_id, HttpContext http,
        GatewayDbContext db, ConsentState states, IOptions<EnedisOptions> enedis, PublicUrls urls, CancellationToken cancellationToken)
    {
        if (Pdls.PdlRules.ValidateUsagePointId(usage_point_id) is { } invalid)
        {
            return invalid;
        }
        if (!await db.Pdls.AnyAsync(p => p.UsagePointId == usage_point_id && p.UserId == http.User.Id(), cancellationToken))
        {
            return Pdls.PdlRules.NotFound();
        }
        var state = await states.IssueAsync(http.User.Id());
        return Envelope.Ok(new AuthorizeResponse(AuthorizeUrl(state, enedis.Value, urls), "Renouvelez votre consentement sur la page d'Enedis."));
    }

    /// <summary>Only the caller's own states: anyone else's is "not valid", so this cannot probe other people's round trips.</summary>
    private static async Task<Ok<ApiResponse<StateValidity>>> VerifyStateAsync(string? state, HttpContext http, ConsentState states) =>
        Envelope.Ok(new StateValidity(await states.IsValidForAsync(state, http.User.Id())));

    private static async Task<RedirectHttpResult> CallbackAsync(string? code, string? state, string? usage_point_id, string? error,
        ConsentCallback callback, PublicUrls urls, CancellationToken cancellationToken)
    {
        var result = await callback.HandleAsync(new ConsentCallback.Query(code, state, usage_point_id, error), cancellationToken);
        return TypedResults.Redirect($"{urls.Dashboard}?{result}");
    }

    private static ApiError DemoRefused() =>
        ApiError.Forbidden("Le compte de démonstration est en lecture seule : créez votre compte pour donner votre consentement Enedis.");

    private static string AuthorizeUrl(string state, EnedisOptions enedis, PublicUrls urls) =>
        $"{enedis.AuthorizeUrl}?client_id={Uri.EscapeDataString(enedis.ClientId)}&duration=P36M&response_type=code" +
        $"&state={Uri.EscapeDataString(state)}&redirect_uri={Uri.EscapeDataString(urls.ConsentRedirectUri)}";
}
