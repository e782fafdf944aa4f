using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;

namespace MyElectricalData.Api.Features.Consent;

/// <summary>What a PDL's consent allows, in the words the API and the legacy routes answer with.</summary>
public static class ConsentRules
{
    /// <summary>How long a consent given on Enedis' page lasts (the authorize URL asks for P36M).</summary>
    public const int DurationMonths = 36;

    /// <summary>Where a person gives (or renews) consent: the dashboard's "Consentement Enedis" button calls it.</summary>
    public const string AuthorizeRoute = "/api/oauth/authorize";

    public static string Status(Pdl pdl, DateTimeOffset now) => pdl switch
    {
        { ConsentExpiresAt: null } => "awaiting_consent",
        { ConsentRevokedAt: not null } => "revoked",
        _ when pdl.ConsentExpiresAt <= now => "expired",
        _ => "active",
    };

    /// <summary>403 <c>CONSENT_REQUIRED</c>, with the route that starts the consent in a <c>Link</c> header.</summary>
    public static ApiError Required(Pdl pdl, DateTimeOffset now) =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.ConsentRequired, Status(pdl, now) switch
        {
            "revoked" => "Le consentement Enedis de ce point de livraison a été révoqué : renouvelez-le avec le bouton « Consentement Enedis » du tableau de bord.",
            "expired" => "Le consentement Enedis de ce point de livraison a expiré : renouvelez-le avec le bouton « Consentement Enedis » du tableau de bord.",
            _ => "Ce point de livraison attend votre consentement Enedis : donnez-le avec le bouton « Consentement Enedis » du tableau de bord.",
        }, "usage_point_id")
        {
            Headers = new Dictionary<string, string> { ["Link"] = $"<{AuthorizeRoute}>; rel=\"consent\"" },
        };
}
