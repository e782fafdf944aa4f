using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Consent;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.Api.Features.Quotas;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary>
/// The old ResponseValidAccess. <c>call_number</c> and the quota fields are today's requests that reached
/// Enedis (the counter the old gateway limited); <c>last_call</c> is not tracked here and is left out.
/// </summary>
public sealed record ValidAccessResponse(bool Valid, string Information, DateTimeOffset? ConsentExpirationDate, long CallNumber, bool QuotaReached,
    int QuotaLimit, DateTimeOffset QuotaResetAt, bool Ban);

/// <summary><c>GET /valid_access/{id}</c>: whether the gateway can read that usage point for the caller, without calling Enedis.</summary>
public static class ValidAccess
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/valid_access/{usage_point_id}", HandleAsync).WithName("LegacyValidAccess")
            .WithSummary("Whether the usage point is readable (consent, quota), as the old /valid_access answered it.");

    private static async Task<JsonHttpResult<ValidAccessResponse>> HandleAsync(HttpContext http, string usage_point_id, MeterRequests requests,
        UsageCounters counters, IOptions<QuotaOptions> quotas, TimeProvider time, CancellationToken cancellationToken)
    {
        var (pdl, _) = await requests.AuthorizeAsync(http, usage_point_id, cancellationToken);
        var now = time.GetUtcNow();
        var usage = await counters.GetAsync(pdl.UserId);
        var limit = quotas.Value.NoCacheLimit;
        var quotaReached = !http.User.IsAdmin() && usage.NoCacheRequests >= limit;
        var (valid, information) = ConsentRules.Status(pdl, now) switch
        {
            "awaiting_consent" => (false, "Ce point de livraison attend votre consentement Enedis : donnez-le depuis le tableau de bord."),
            "revoked" => (false, "Le consentement Enedis a été révoqué : renouvelez-le depuis le tableau de bord."),
            "expired" => (false, "Le consentement Enedis a expiré : renouvelez-le depuis le tableau de bord."),
            _ when quotaReached => (true, "Accès valide, mais le quota quotidien d'appels à Enedis est atteint (seul le cache répond)."),
            _ => (true, "Accès valide."),
        };
        var resetAt = new DateTimeOffset(usage.Date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return TypedResults.Json(new ValidAccessResponse(valid, information, pdl.ConsentExpiresAt, usage.NoCacheRequests, quotaReached, limit, resetAt, Ban: false),
            LegacyJson.Options);
    }
}
