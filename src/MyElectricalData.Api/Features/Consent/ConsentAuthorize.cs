using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Consent;

/// <summary><c>GET /api/oauth/authorize</c>.</summary>
public sealed class ConsentAuthorize(ConsentLinks links) : EndpointWithoutRequest<Results<Ok<ApiResponse<AuthorizeResponse>>, ApiError>>
{
    public override void Configure()
    {
        Get("/authorize");
        Group<ConsentGroup>();
        Description(b => b.WithName("ConsentAuthorize"));
        Summary(s => s.Summary = "Enedis' consent page URL for the caller (state valid 10 minutes, single use).");
    }

    public override async Task<Results<Ok<ApiResponse<AuthorizeResponse>>, ApiError>> ExecuteAsync(CancellationToken ct)
    {
        if (User.IsDemo())
        {
            return ApiError.Forbidden("Le compte de démonstration est en lecture seule : créez votre compte pour donner votre consentement Enedis.");
        }
        return Envelope.Ok(new AuthorizeResponse(await links.IssueAsync(User.Id()),
            "Vous allez être redirigé vers Enedis pour autoriser MyElectricalData à lire les données de vos compteurs (36 mois)."));
    }
}
